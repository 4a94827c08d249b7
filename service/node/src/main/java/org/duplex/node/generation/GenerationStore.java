package org.duplex.node.generation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duplex.common.AtomicFiles;
import org.duplex.engine.State;
import org.duplex.engine.generation.Generations;
import org.duplex.node.module.ActionExecutor;

/**
 * A module's data generations on disk ({@code SAFEUSERVAR/generation.json}), replaced atomically
 * (temp file, fsync, rename, fsync dir) so a crash leaves the old or the new record, never a mix.
 *
 * <p>A missing file means a fresh install ({@link Generations#none()}: the node has no known-good
 * data and waits for {@code prim}). A corrupt or unreadable file is an error naming the file:
 * it is never read as "up to date".
 */
public final class GenerationStore implements ActionExecutor.GenerationIo {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public GenerationStore(Path file) {
        this.file = file;
    }

    public static GenerationStore forModuleVar(Path userVar) {
        return new GenerationStore(userVar.resolve("generation.json"));
    }

    public Path file() {
        return file;
    }

    @Override
    public Generations load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Generations.none();
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            int format = n.path("format").asInt(-1);
            if (format != FORMAT) {
                throw corrupt("format " + format + " is not " + FORMAT, null);
            }
            List<UUID> history = new ArrayList<>();
            for (JsonNode h : n.path("history")) {
                history.add(UUID.fromString(h.asText()));
            }
            return new Generations(uuid(n, "current"), history, uuid(n, "syncPoint"), n.path("sequence").asLong(),
                    bool(n, "resyncInProgress"), bool(n, "cleanStop"), State.valueOf(text(n, "lastRole")),
                    bool(n, "createdByFailover"));
        } catch (JacksonException | IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    @Override
    public void save(Generations g) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("current", g.current() == null ? null : g.current().toString());
        ArrayNode history = n.putArray("history");
        g.history().forEach(id -> history.add(id.toString()));
        n.put("syncPoint", g.syncPoint() == null ? null : g.syncPoint().toString());
        n.put("sequence", g.sequence());
        n.put("resyncInProgress", g.resyncInProgress());
        n.put("cleanStop", g.cleanStop());
        n.put("lastRole", g.lastRole().name());
        n.put("createdByFailover", g.createdByFailover());
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n)
                .getBytes(StandardCharsets.UTF_8));
    }

    private IOException corrupt(String why, Exception cause) {
        return new IOException("the data generation file " + file + " is corrupt (" + why + "); the node will not"
                + " guess whether its data are good: restore the file, or remove it and run 'prim' on the node"
                + " that holds the good data", cause);
    }

    private static UUID uuid(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : UUID.fromString(v.asText());
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' is not true or false");
        }
        return v.asBoolean();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v.asText();
    }
}

package org.duplex.node.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.duplex.common.AtomicFiles;
import org.duplex.common.UserError;
import org.duplex.engine.State;
import org.duplex.engine.generation.Generations;

/**
 * Durable home of one module's {@link Generations}: a small, human-readable JSON file (e.g.
 * {@code SAFEUSERVAR/generations.json}), replaced atomically ({@link AtomicFiles}: temp file,
 * fsync, rename, fsync of the directory) each time the engine emits {@code PersistGeneration}.
 *
 * <p>A missing file means "this node never held known-good data" ({@link Generations#none()}):
 * the node then waits for its peer or for the operator's {@code prim}, so nothing is lost. A file
 * that exists but cannot be read completely and exactly is an error naming the file and the
 * problem; it is never taken as "up to date".
 */
public final class GenerationStore implements org.duplex.node.module.ActionExecutor.GenerationIo {
    /** Version of the file layout, written in every file and checked on load. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;

    /** The store of a module: {@code SAFEUSERVAR/generation.json}. */
    public static GenerationStore forModuleVar(Path userVar) {
        return new GenerationStore(userVar.resolve("generation.json"));
    }

    public GenerationStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the generations.
     *
     * @throws UserError (FAILED) when the file exists but is unreadable, corrupt or from an unknown format
     */
    @Override
    public Generations load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Generations.none();
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot read data generation file " + file + ": " + e.getMessage(), e);
        }
        GenerationFile parsed;
        try {
            parsed = JSON.readValue(bytes, GenerationFile.class);
        } catch (JsonProcessingException e) {
            throw corrupt(e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IOException e) {
            throw corrupt(e.getMessage(), e);
        }
        return toGenerations(parsed);
    }

    /** Replaces the file atomically and durably. An IOException means nothing changed on disk. */
    @Override
    public void save(Generations g) throws IOException {
        GenerationFile f = new GenerationFile(FORMAT, str(g.current()), g.history().stream().map(UUID::toString).toList(),
                str(g.syncPoint()), g.sequence(), g.resyncInProgress(), g.cleanStop(), g.lastRole().name(),
                g.createdByFailover());
        AtomicFiles.write(file, (JSON.writeValueAsString(f) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Generations toGenerations(GenerationFile f) {
        if (f.format() != FORMAT) {
            throw corrupt("format " + f.format() + " is not supported (this version reads format " + FORMAT + ")", null);
        }
        if (f.history() == null) {
            throw corrupt("field 'history' is null", null);
        }
        State role;
        try {
            role = State.valueOf(f.lastRole());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw corrupt("field 'lastRole' is '" + f.lastRole() + "', expected one of STOP, WAIT, ALONE, PRIM, SECOND", e);
        }
        try {
            List<UUID> history = f.history().stream().map(h -> uuid("history", h)).toList();
            return new Generations(uuidOrNull("current", f.current()), history, uuidOrNull("syncPoint", f.syncPoint()),
                    f.sequence(), f.resyncInProgress(), f.cleanStop(), role, f.createdByFailover());
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    private static UUID uuidOrNull(String field, String value) {
        return value == null ? null : uuid(field, value);
    }

    private static UUID uuid(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' holds null where a generation id is expected");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' holds '" + value + "', not a generation id (UUID)");
        }
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }

    private UserError corrupt(String detail, Throwable cause) {
        return new UserError(UserError.Kind.FAILED, "data generation file " + file + " is corrupt: " + detail
                + ". Duplex will not guess whether this node's data are up to date. If the peer holds good data,"
                + " move this file away and start the node (it rejoins with a full resync); if this node holds the"
                + " good data, move it away and run 'prim'.", cause);
    }
}

package org.duplex.resync.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.common.AtomicFiles;
import org.duplex.resync.protocol.ResyncRequest;

/**
 * The target's durable "resync in progress" mark: while it is set, this node's replicated data may
 * be half-synced and the node must not become primary unless forced ({@code primforce}). The engine
 * reads {@link #isSet()}; resync sets it before the first change and clears it after the last.
 *
 * <p>File {@code resync.inprogress} in the module's var dir: {@code <runId> <kind>}.
 */
public final class ResyncInProgressFlag {
    static final String FILE = "resync.inprogress";
    private final Path file;

    /** What the flag holds: which run marked the data, and its kind. */
    public record Mark(String runId, ResyncRequest.Kind kind) {}

    public ResyncInProgressFlag(Path varDir) {
        this.file = varDir.resolve(FILE);
    }

    public synchronized boolean isSet() {
        return Files.exists(file);
    }

    /** The current mark, or null when not set. */
    public synchronized Mark read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
        if (parts.length != 2) {
            throw new IOException("resync flag " + file + " is corrupt ('" + String.join(" ", parts)
                    + "'); the data must be treated as half-synced");
        }
        return new Mark(parts[0], ResyncRequest.Kind.valueOf(parts[1]));
    }

    /** Durably marks the data as being resynced by {@code mark}. */
    public synchronized void set(Mark mark) throws IOException {
        AtomicFiles.write(file, (mark.runId() + " " + mark.kind() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Durably clears the mark: the data is an exact copy again (or the operator forced it). */
    public synchronized void clear() throws IOException {
        if (Files.deleteIfExists(file)) {
            AtomicFiles.fsyncDirectory(file.getParent());
        }
    }
}

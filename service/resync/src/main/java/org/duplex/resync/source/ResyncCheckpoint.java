package org.duplex.resync.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.duplex.common.AtomicFiles;
import org.duplex.resync.journal.Journal;
import org.duplex.resync.protocol.ResyncRequest;

/**
 * The source's durable record of a run's progress, so that a run cut by a crash or a disconnect
 * resumes where it stopped: which files are complete and, inside a big file being compared, up to
 * which block. Journal records (UTF-8 text): {@code R <runId> <kind>}, {@code F <path>},
 * {@code B <block> <path>}.
 *
 * <p>Dirty regions need no entry here: the dirty log itself forgets them as they are sent.
 */
public final class ResyncCheckpoint implements Closeable {
    /** Completed-file records between forced syncs. */
    static final int FORCE_EVERY = 256;
    private final Path file;
    private Journal journal;
    private String runId;
    private ResyncRequest.Kind kind;
    private final Set<String> filesDone = new HashSet<>();
    private final Map<String, Integer> blocksDone = new HashMap<>();

    private ResyncCheckpoint(Path file) {
        this.file = file;
    }

    /** Opens the checkpoint at {@code file}, recovering a previous run's progress if any. */
    public static ResyncCheckpoint open(Path file) throws IOException {
        ResyncCheckpoint c = new ResyncCheckpoint(file);
        if (Files.exists(file)) {
            Journal.Recovered r = Journal.open(file, 0);
            c.journal = r.journal();
            for (byte[] payload : r.records()) {
                c.apply(new String(payload, StandardCharsets.UTF_8));
            }
        }
        return c;
    }

    private void apply(String record) {
        switch (record.charAt(0)) {
            case 'R' -> {
                String[] parts = record.split(" ", 3);
                runId = parts[1];
                kind = ResyncRequest.Kind.valueOf(parts[2]);
                filesDone.clear();
                blocksDone.clear();
            }
            case 'F' -> {
                String path = record.substring(2);
                filesDone.add(path);
                blocksDone.remove(path);
            }
            case 'B' -> {
                int space = record.indexOf(' ', 2);
                blocksDone.put(record.substring(space + 1), Integer.parseInt(record.substring(2, space)));
            }
            default -> throw new IllegalStateException("checkpoint " + file + ": unknown record '" + record + "'");
        }
    }

    /** The unfinished run recorded here, or null. */
    public synchronized String runId() {
        return runId;
    }

    public synchronized ResyncRequest.Kind kind() {
        return kind;
    }

    /** Starts recording run {@code id} from scratch (forgets any older run). */
    public synchronized void start(String id, ResyncRequest.Kind runKind) throws IOException {
        if (journal != null) {
            journal.close();
        }
        Journal.createEmpty(file, 0);
        journal = Journal.open(file, 0).journal();
        append("R " + id + " " + runKind);
    }

    public synchronized boolean isFileDone(String path) {
        return filesDone.contains(path);
    }

    /** Blocks {@code 0..n-1} of {@code path} were compared and sent; 0 when none recorded. */
    public synchronized int blocksDone(String path) {
        return blocksDone.getOrDefault(path, 0);
    }

    /**
     * Records a completed file. Not fsynced each time (a file per fsync would cap small-file runs
     * at a few hundred files a second): losing the last few records in a crash only makes the
     * resumed run compare those files again, which is safe. Forced every {@link #FORCE_EVERY}.
     */
    public synchronized void markFileDone(String path) throws IOException {
        long seq = journal.append(("F " + path).getBytes(StandardCharsets.UTF_8));
        apply("F " + path);
        if (seq % FORCE_EVERY == 0) {
            journal.awaitDurable(seq);
        }
    }

    public synchronized void markBlocksDone(String path, int upTo) throws IOException {
        append("B " + upTo + " " + path);
    }

    private void append(String record) throws IOException {
        journal.appendDurably(record.getBytes(StandardCharsets.UTF_8));
        apply(record);
    }

    /** The run completed: forget it. */
    public synchronized void finish() throws IOException {
        close();
        if (Files.deleteIfExists(file)) {
            AtomicFiles.fsyncDirectory(file.toAbsolutePath().getParent());
        }
        runId = null;
        kind = null;
        filesDone.clear();
        blocksDone.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }
}

package org.duplex.resync.dirty;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.duplex.common.AtomicFiles;
import org.duplex.resync.journal.Journal;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DirtyState} made durable: every change is appended to a journal and fsynced (group commit)
 * before the call returns; when the journal grows past a limit it is folded into a snapshot file.
 *
 * <p>Files in {@code dir}: {@code dirty.snapshot} ({@code [generation u64][DirtyState bytes]},
 * replaced atomically) and {@code dirty.journal} (records since that snapshot, with the same
 * generation in its header). Compaction writes snapshot {@code g+1} first, then replaces the journal
 * by an empty one of generation {@code g+1}; a crash between the two leaves a journal of generation
 * {@code g}, whose records are already in the snapshot, so recovery skips it.
 *
 * <p>Clears (after reintegration sent a region) are written but not waited for: a clear lost in a
 * crash only resends data. A mark of blocks that are already dirty costs no I/O (it only waits for the earlier record to
 * be durable, usually already the case).
 */
public final class DirtyLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DirtyLog.class);
    static final String SNAPSHOT = "dirty.snapshot";
    static final String JOURNAL = "dirty.journal";
    /** Journal size that triggers a snapshot; bounds recovery time and disk use. */
    public static final long COMPACT_JOURNAL_BYTES_DEFAULT = 16L << 20;

    private final Path dir;
    private final long compactJournalBytes;
    private final DirtyState state;
    private Journal journal;
    /** Set by the first journal I/O error: memory may then hold marks that are not durable. */
    private volatile IOException failed;

    private DirtyLog(Path dir, long compactJournalBytes, DirtyState state, Journal journal) {
        this.dir = dir;
        this.compactJournalBytes = compactJournalBytes;
        this.state = state;
        this.journal = journal;
    }

    public static DirtyLog open(Path dir) throws IOException {
        return open(dir, COMPACT_JOURNAL_BYTES_DEFAULT);
    }

    /** Opens (or creates) the log in {@code dir} and recovers the state from snapshot + journal. */
    public static DirtyLog open(Path dir, long compactJournalBytes) throws IOException {
        Files.createDirectories(dir);
        long generation = 0;
        DirtyState state = new DirtyState();
        Path snapshot = dir.resolve(SNAPSHOT);
        if (Files.exists(snapshot)) {
            byte[] data = Files.readAllBytes(snapshot);
            if (data.length < 8) {
                throw new IOException("dirty snapshot " + snapshot + " is truncated (" + data.length + " bytes)");
            }
            generation = ByteBuffer.wrap(data).getLong();
            state = DirtyState.deserialize(Arrays.copyOfRange(data, 8, data.length));
        }
        Journal.Recovered recovered = Journal.open(dir.resolve(JOURNAL), generation);
        Journal journal = recovered.journal();
        if (journal.generation() == generation) {
            for (byte[] payload : recovered.records()) {
                DirtyRecord.decode(payload).applyTo(state);
            }
        } else if (journal.generation() < generation) {
            journal.close();
            Journal.createEmpty(dir.resolve(JOURNAL), generation);
            journal = Journal.open(dir.resolve(JOURNAL), generation).journal();
        } else {
            journal.close();
            throw new IOException("dirty journal " + dir.resolve(JOURNAL) + " is newer (generation "
                    + journal.generation() + ") than its snapshot (" + generation + "): the snapshot was lost;"
                    + " the dirty records cannot be trusted, run a full sync");
        }
        if (recovered.truncatedBytes() > 0) {
            log.warn("dirty log: journal '{}' had a torn tail of {} bytes (crash during a write), dropped",
                    dir.resolve(JOURNAL), recovered.truncatedBytes());
        }
        return new DirtyLog(dir, compactJournalBytes, state, journal);
    }

    public void markDirty(String path, long offset, long length) throws IOException {
        int count = BlockRanges.blockCount(offset, length);
        if (count == 0) {
            return;
        }
        record(new DirtyRecord.Mark(path, BlockRanges.firstBlock(offset), count));
    }

    public void markEntryChanged(String path) throws IOException {
        record(new DirtyRecord.EntryChanged(path));
    }

    public void markRenamed(String from, String to) throws IOException {
        record(new DirtyRecord.Renamed(from, to));
    }

    public void clearBlocks(String path, RoaringBitmap sent) throws IOException {
        if (!sent.isEmpty()) {
            record(new DirtyRecord.ClearBlocks(path, sent));
        }
    }

    public void clearEntry(String path) throws IOException {
        record(new DirtyRecord.ClearEntry(path));
    }

    public void clearRenames(int count) throws IOException {
        if (count > 0) {
            record(new DirtyRecord.ClearRenames(count));
        }
    }

    public void clearAll() throws IOException {
        record(new DirtyRecord.ClearAll());
    }

    /** A consistent copy of the current state. */
    public DirtyState snapshot() {
        synchronized (this) {
            return state.copy();
        }
    }

    /** The dirty blocks of one file now (a copy). */
    public RoaringBitmap blocksOf(String path) {
        synchronized (this) {
            return state.blocksOf(path);
        }
    }

    private void record(DirtyRecord record) throws IOException {
        IOException earlier = failed;
        if (earlier != null) {
            throw new IOException("dirty log in " + dir + " failed earlier and can no longer prove what is dirty: "
                    + earlier.getMessage(), earlier);
        }
        try {
            recordOrFail(record);
        } catch (IOException e) {
            failed = e; // fail-stop: never acknowledge a mark after one may have been lost
            throw e;
        }
    }

    private void recordOrFail(DirtyRecord record) throws IOException {
        long seq;
        Journal j;
        synchronized (this) {
            j = journal;
            if (record instanceof DirtyRecord.Mark m && !state.addBlocks(m.path(), m.firstBlock(), m.count())) {
                seq = j.lastSeq();
            } else if (record instanceof DirtyRecord.EntryChanged e && state.changedEntries().contains(e.path())) {
                seq = j.lastSeq();
            } else {
                seq = j.append(DirtyRecord.encode(record));
                if (!(record instanceof DirtyRecord.Mark)) {
                    record.applyTo(state);
                }
                if (j.sizeBytes() >= compactJournalBytes) {
                    j.awaitDurable(seq);
                    compact();
                    return;
                }
            }
        }
        if (isClear(record)) {
            // Losing a clear in a crash only makes resync send the region again, which is safe;
            // the next mark's fsync makes it durable anyway, in journal order.
            return;
        }
        j.awaitDurable(seq);
    }

    private static boolean isClear(DirtyRecord record) {
        return record instanceof DirtyRecord.ClearBlocks || record instanceof DirtyRecord.ClearEntry
                || record instanceof DirtyRecord.ClearRenames || record instanceof DirtyRecord.ClearAll;
    }

    /** Folds the journal into a new snapshot; called with the monitor held. */
    private void compact() throws IOException {
        long next = journal.generation() + 1;
        byte[] body = state.serialize();
        ByteBuffer data = ByteBuffer.allocate(8 + body.length).putLong(next).put(body);
        AtomicFiles.write(dir.resolve(SNAPSHOT), data.array());
        journal.close();
        Journal.createEmpty(dir.resolve(JOURNAL), next);
        journal = Journal.open(dir.resolve(JOURNAL), next).journal();
        log.debug("dirty log: compacted into snapshot generation {} ({} bytes)", next, body.length);
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}

package org.duplex.resync.source;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.duplex.resync.dirty.BlockRanges;
import org.duplex.resync.dirty.DirtyLog;
import org.duplex.resync.hash.BlockDiff;
import org.duplex.resync.hash.BlockHasher;
import org.duplex.resync.hash.FileDigest;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.tree.LocalTree;
import org.roaringbitmap.RoaringBitmap;

/**
 * Brings one regular file on the target up to date, on a worker thread: either by checksum compare
 * (send only blocks whose hashes differ) or by sending known dirty 4 KiB blocks; then sets size and
 * attributes, and forgets the file's dirty record.
 *
 * <p>Every read-and-send of source bytes happens under a {@link LiveWriteOrdering} range lock, and
 * the final size/attribute step under a whole-file lock, so live writes are never overtaken.
 *
 * <p>Forgetting the record happens under that whole-file lock, after the target acknowledged the
 * attributes on this session. A write that marked blocks dirty after we read them can only have
 * happened while the peer was away, which breaks the session, so that acknowledgement never comes
 * and the record stays.
 */
final class FileSyncer {
    private static final long WHOLE_FILE = Long.MAX_VALUE;
    private final LocalTree tree;
    private final ResyncClient client;
    private final LiveWriteOrdering ordering;
    private final RateLimiter limiter;
    private final ProgressTracker progress;
    private final ResyncCheckpoint checkpoint;
    private final DirtyLog dirtyLog;
    private final ResyncOptions options;

    FileSyncer(LocalTree tree, ResyncClient client, LiveWriteOrdering ordering, RateLimiter limiter,
               ProgressTracker progress, ResyncCheckpoint checkpoint, DirtyLog dirtyLog, ResyncOptions options) {
        this.tree = tree;
        this.client = client;
        this.ordering = ordering;
        this.limiter = limiter;
        this.progress = progress;
        this.checkpoint = checkpoint;
        this.dirtyLog = dirtyLog;
        this.options = options;
    }

    /** Checksum compare of the whole file (from the checkpointed block on). */
    void compareWhole(String path, long plannedBytes, boolean clearEntry, EntryMeta targetListed)
            throws IOException, InterruptedException {
        int blockBytes = options.compareBlockBytes();
        int from = checkpoint.blocksDone(path);
        FileDigest digest;
        try {
            digest = tree.digest(path, blockBytes, from);
        } catch (NoSuchFileException e) {
            finish(path, plannedBytes, clearEntry, null);
            return;
        }
        ResyncReply.BlockHashes theirs = client.call(new ResyncRequest.CompareFile(path, blockBytes, from,
                digest.size(), digest.wholeHash()), ResyncReply.BlockHashes.class);
        if (theirs.same()) {
            finish(path, plannedBytes, clearEntry, targetListed);
            return;
        }
        RoaringBitmap toSend = BlockDiff.blocksToSend(digest.blockHashes(), theirs.hashes(), from);
        List<BlockRanges.Run> runs = BlockRanges.runs(toSend, blockBytes, digest.size(), options.maxMessageBytes());
        int checkpointed = from;
        for (BlockRanges.Run run : runs) {
            if (theirs.size() < 0) {
                sendRange(path, run.offset(), run.length());
            } else {
                refineAndSend(path, run.offset(), (int) run.length());
            }
            int runEnd = (int) ((run.offset() + run.length() + blockBytes - 1) / blockBytes);
            if (runEnd - checkpointed >= options.checkpointEveryBlocks()) {
                checkpoint.markBlocksDone(path, runEnd);
                checkpointed = runEnd;
            }
        }
        finish(path, plannedBytes, clearEntry, null);
    }

    /** Sends the given 4 KiB blocks of the file. */
    void sendDirty(String path, RoaringBitmap blocks) throws IOException, InterruptedException {
        EntryMeta meta = tree.stat(path);
        long planned = blocks.getLongCardinality() * BlockRanges.BLOCK_BYTES;
        if (meta == null || meta.type() != EntryType.FILE) {
            // Gone or replaced on the source: its name is an entry change, handled by name.
            finish(path, planned, false, null);
            return;
        }
        for (BlockRanges.Run run : BlockRanges.runs(blocks, meta.size(), options.maxMessageBytes())) {
            sendRange(path, run.offset(), run.length());
        }
        finish(path, planned, false, null);
    }

    /**
     * A range whose coarse hashes differ: compare it in 4 KiB sub-blocks with the target and send
     * only those that differ (an in-place change of a few bytes costs 4 KiB, not 64 KiB).
     */
    private void refineAndSend(String path, long offset, int length) throws IOException, InterruptedException {
        int sub = BlockRanges.BLOCK_BYTES;
        long[] theirs = client.call(new ResyncRequest.CompareRange(path, offset, length, sub),
                ResyncReply.BlockHashes.class).hashes();
        try (LiveWriteOrdering.RangeLock lock = ordering.lock(path, offset, length)) {
            byte[] mine;
            try {
                mine = tree.read(path, offset, length);
            } catch (NoSuchFileException e) {
                return;
            }
            long[] hashes = BlockHasher.hashSubBlocks(mine, sub);
            RoaringBitmap differing = BlockDiff.blocksToSend(hashes, theirs, 0);
            for (BlockRanges.Run run : BlockRanges.runs(differing, sub, mine.length, options.maxMessageBytes())) {
                byte[] data = java.util.Arrays.copyOfRange(mine, (int) run.offset(), (int) (run.offset() + run.length()));
                limiter.acquire(data.length);
                client.call(new ResyncRequest.WriteData(path, offset + run.offset(), data), ResyncReply.Done.class);
                progress.addSent(data.length);
            }
        }
    }

    private void sendRange(String path, long offset, long length) throws IOException, InterruptedException {
        limiter.acquire(length);
        try (LiveWriteOrdering.RangeLock lock = ordering.lock(path, offset, length)) {
            byte[] data;
            try {
                data = tree.read(path, offset, (int) length);
            } catch (NoSuchFileException e) {
                return;
            }
            if (data.length > 0) {
                client.call(new ResyncRequest.WriteData(path, offset, data), ResyncReply.Done.class);
                progress.addSent(data.length);
            }
        }
    }

    /**
     * Sets size and attributes (skipped when {@code targetKnown}, the target's entry as listed while
     * its content compared equal, already has them), then forgets the dirty record and checkpoints.
     */
    private void finish(String path, long plannedBytes, boolean clearEntry, EntryMeta targetKnown)
            throws IOException, InterruptedException {
        try (LiveWriteOrdering.RangeLock lock = ordering.lock(path, 0, WHOLE_FILE)) {
            EntryMeta meta = tree.stat(path);
            boolean alreadyThere = meta != null && targetKnown != null && meta.sameAttributes(targetKnown);
            if (meta != null && meta.type() == EntryType.FILE && !alreadyThere) {
                client.call(new ResyncRequest.PutEntry(meta), ResyncReply.Done.class);
            }
            if (dirtyLog != null) {
                dirtyLog.clearBlocks(path, dirtyLog.blocksOf(path));
                if (clearEntry) {
                    dirtyLog.clearEntry(path);
                }
            }
        }
        checkpoint.markFileDone(path);
        progress.addDone(plannedBytes);
        progress.fileDone();
    }

    /** Bytes a compare of this file is planned to cost, for progress totals. */
    static long compareBytes(EntryMeta meta, int fromBlock, int blockBytes) {
        return Math.max(0, meta.size() - (long) fromBlock * blockBytes);
    }
}

package org.duplex.resync.source;

/**
 * How resync data is ordered with live application writes on the source, so the target never gets
 * older resync bytes over a newer live write.
 *
 * <p>The source holds {@link #lock} on a byte range while it reads that range from its own tree and
 * sends it ({@code ResyncChannel.call}, which returns once the target applied it). A live write to
 * an overlapping range waits for the lock, so it is applied on both sides after the resync data.
 * A live write sequenced before the lock was granted reaches the target first (the channel keeps
 * per-file order), and the resync read sees its bytes. Either way the target ends with the newest.
 *
 * <p>The replication pipeline implements this with its per-file range locks; a size/attribute update
 * locks the whole file ({@code offset 0, length Long.MAX_VALUE}).
 */
public interface LiveWriteOrdering {

    /** A held range lock; {@link #close} releases it. */
    interface RangeLock extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until no live write to {@code [offset, offset + length)} of {@code path} is in progress. */
    RangeLock lock(String path, long offset, long length) throws InterruptedException;

    /** No live writes (the application is stopped, or tests without a pipeline). */
    LiveWriteOrdering NONE = (path, offset, length) -> () -> {};
}

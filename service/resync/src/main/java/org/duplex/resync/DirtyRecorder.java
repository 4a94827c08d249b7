package org.duplex.resync;

import java.io.IOException;

/**
 * What the replication path tells reintegration, so that no change is ever lost track of.
 *
 * <p>The replication pipeline (module {@code replication}) calls this; reintegration implements it
 * with a persistent activity log and per-file 4 KiB dirty bitmaps (DRBD's model, at file level).
 * Paths are relative to the replicated directory's root, '/'-separated, without a leading '/'.
 *
 * <p>Contract, in the order the pipeline calls it for one write:
 * <ol>
 *   <li>{@link #beforeWrite} returns only once the region is durably recorded as <em>hot</em>, so a
 *       crash after the local write but before the peer's ack leaves a record (the region is then
 *       taken from the peer, or resent to it, at reintegration). It is cheap when the region is
 *       already hot (no I/O).</li>
 *   <li>While the peer is connected and acks, nothing else is needed.</li>
 *   <li>While the peer is absent (ALONE) or did not ack, the pipeline calls {@link #markDirty} for
 *       the region, also before acknowledging the write to the application.</li>
 * </ol>
 */
public interface DirtyRecorder {

    /** Durably marks {@code [offset, offset + length)} of {@code path} as being written now. */
    void beforeWrite(String path, long offset, long length) throws IOException;

    /** Durably marks a region the peer does not have; it is sent at reintegration. */
    void markDirty(String path, long offset, long length) throws IOException;

    /**
     * Durably records that the entry at {@code path} itself changed while the peer is absent
     * (created, removed, re-moded, re-owned, times, xattrs, symlink): reintegration compares it by name.
     */
    void markEntryChanged(String path) throws IOException;

    /** Durably records a rename while the peer is absent, so dirty regions follow the file. */
    void markRenamed(String from, String to) throws IOException;
}

package org.duplex.resync.protocol;

import java.io.IOException;

/**
 * The source's link to the target for resync messages. Thread-safe: {@code nbrei} workers call it
 * concurrently. {@link #call} returns once the target has applied the request and answered.
 *
 * <p>The replication link implements it over TCP; tests use {@code LoopbackChannel}. Ordering
 * contract for the production implementation: a {@link ResyncRequest.WriteData} or
 * {@link ResyncRequest.PutEntry} sent while the source holds a
 * {@link org.duplex.resync.source.LiveWriteOrdering} range lock must reach the target's applier in
 * the same per-file order as the live writes (after those already sequenced, before those waiting
 * for the lock).
 */
public interface ResyncChannel {
    /** Sends one request and waits for its reply; an {@link IOException} means the link is gone. */
    ResyncReply call(ResyncRequest request) throws IOException;
}

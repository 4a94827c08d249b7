package org.duplex.resync.protocol;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The in-process twin of the replication link for resync: every request and reply is encoded to
 * its wire bytes with {@link ResyncCodec} and decoded on the other side, and the bytes are counted
 * in each direction. It can be cut (every later call fails as a dead link would), for interruption
 * tests.
 */
public final class LoopbackChannel implements ResyncChannel {
    private final Function<ResyncRequest, ResyncReply> target;
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesToSource = new AtomicLong();
    private final AtomicLong dataBytesToTarget = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile Predicate<ResyncRequest> cutBefore = r -> false;
    private volatile boolean cut;
    private volatile java.util.function.Consumer<ResyncRequest> beforeDeliver = r -> {};

    /** {@code target} is usually {@code ResyncTarget::handle}. */
    public LoopbackChannel(Function<ResyncRequest, ResyncReply> target) {
        this.target = target;
    }

    @Override
    public ResyncReply call(ResyncRequest request) throws IOException {
        if (cut || cutBefore.test(request)) {
            cut = true;
            throw new IOException("resync link cut (loopback)");
        }
        byte[] out = ResyncCodec.encode(request);
        bytesToTarget.addAndGet(out.length);
        requests.incrementAndGet();
        if (request instanceof ResyncRequest.WriteData w) {
            dataBytesToTarget.addAndGet(w.data().length);
        }
        ResyncRequest delivered = ResyncCodec.decodeRequest(out);
        beforeDeliver.accept(delivered);
        ResyncReply reply = target.apply(delivered);
        byte[] back = ResyncCodec.encode(reply);
        bytesToSource.addAndGet(back.length);
        return ResyncCodec.decodeReply(back);
    }

    /** From now on, the first request matching {@code condition} and every later one fail. */
    public void cutBefore(Predicate<ResyncRequest> condition) {
        this.cutBefore = condition;
    }

    /** Runs {@code hook} on the caller's thread before each request reaches the target (tests of races). */
    public void beforeDeliver(java.util.function.Consumer<ResyncRequest> hook) {
        this.beforeDeliver = hook;
    }

    /** Restores the link (a reconnect). */
    public void reconnect() {
        cutBefore = r -> false;
        cut = false;
    }

    /** Wire bytes source -> target (headers, hashes requests and data). */
    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** Wire bytes target -> source (listings, hashes, acks). */
    public long bytesToSource() {
        return bytesToSource.get();
    }

    /** Payload bytes of {@code WriteData} requests only. */
    public long dataBytesToTarget() {
        return dataBytesToTarget.get();
    }

    public long requests() {
        return requests.get();
    }

    public void resetCounters() {
        bytesToTarget.set(0);
        bytesToSource.set(0);
        dataBytesToTarget.set(0);
        requests.set(0);
    }
}

package org.duplex.replication.primary;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.duplex.common.Check;
import org.duplex.replication.link.Connection;
import org.duplex.replication.link.Connector;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.replication.wire.FrameType;
import org.duplex.replication.wire.Hello;
import org.duplex.replication.wire.MutationCodec;
import org.duplex.replication.wire.ProtocolException;
import org.duplex.resync.DirtyRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary side of replication: every mutating operation of one module goes through
 * {@link #execute}, which applies it locally and, while a peer is connected, streams it and waits for
 * the peer's ack before the application gets its answer.
 *
 * <pre>
 *   execute(m, local):
 *     wait for window room ─ namespace lock ─ range locks ─ beforeWrite (hot) ─ local op
 *       ─ [per-file order] mtime probe, sequence number, queue frame ─ unlock ─ wait for ack
 *
 *   states:  ALONE ──connect() ok──▶ CONNECTED ──ack timeout / socket error / bad frame──▶ ALONE
 *                                             ──close()──────────────────────────────────▶ ALONE
 * </pre>
 *
 * <p>Design notes.
 * <ol>
 *   <li>Order. Sequence numbers are assigned and frames queued under one lock, so the stream order is
 *       the sequence order. Overlapping writes hold a range lock across local op and queueing, so
 *       the stream order of overlapping writes is their local order; name changes are exclusive
 *       ({@link LockPlan}). The mtime a content change carries is read in a per-file critical section
 *       together with queueing, so the last one sent is read after every local write sent before it.</li>
 *   <li>Acks are cumulative; what an operation waits for is {@link AckWindow#isAcked}: ACK_RECEIVED in
 *       {@code async="second"}, ACK_DURABLE in {@code "none"} and for every fsync.</li>
 *   <li>Peer lost. No operation waits past {@code ackTimeout}: the first waiter that times out, the
 *       reader on a socket error or a bad frame, and the sender on a write error all end the session.
 *       Ending it records every mutation not acked DURABLE in the {@link DirtyRecorder} (before any
 *       waiter is released), then wakes every waiter, which answers success: the op is done locally
 *       and recorded. If recording fails, those waiters answer -EIO.</li>
 *   <li>Alone. With no session, an operation records what it will change <em>before</em> its local
 *       op (so a crash in between loses no record) and is never sent.</li>
 *   <li>{@code notreplicated} paths run the local op only. A rename across the boundary is refused
 *       with EXDEV (SafeKit does not support it either; {@code mv} falls back to copy + delete).</li>
 * </ol>
 */
public final class ReplicationPipeline implements AutoCloseable {
    /** The application's local operation: a result >= 0, or -errno. */
    @FunctionalInterface
    public interface LocalOperation {
        int run();
    }

    /**
     * Reads an entry's times right after its local change, in ns since the epoch
     * ({@link Mutation#NO_TIME} if unknown): the values the mutation then carries to the peer.
     */
    public interface StatProbe {
        long mtimeNanos(String path);

        default long atimeNanos(String path) {
            return Mutation.NO_TIME;
        }

        StatProbe NONE = path -> Mutation.NO_TIME;
    }

    /**
     * What makes two paths the same file for locking: hard links must share range locks and the
     * per-file order section. Called with the namespace lock held; must not block on the mount.
     */
    @FunctionalInterface
    public interface FileIdentity {
        /** A key equal for every name of one file (e.g. its inode), or the path when unknown. */
        Object of(String path);

        FileIdentity PATH = path -> path;
    }

    static final int EIO = 5;
    static final int EINTR = 4;
    static final int EXDEV = 18;
    private static final int ORDER_STRIPES = 64;
    private static final Logger log = LoggerFactory.getLogger(ReplicationPipeline.class);

    private final Connector connector;
    private final DirtyRecorder recorder;
    private final Predicate<String> notReplicated;
    private final StatProbe statProbe;
    private final FileIdentity fileIdentity;
    private final PeerListener listener;
    private final FrameFormat format;
    private final long ackTimeoutNanos;
    private final long handshakeTimeoutMillis;
    private final long maxInFlightBytes;
    private final String moduleIdentity;
    private volatile AsyncMode asyncMode;

    private final ReentrantReadWriteLock namespaceLock = new ReentrantReadWriteLock();
    private final RangeLocks rangeLocks = new RangeLocks();
    private final Object[] orderStripes = new Object[ORDER_STRIPES];
    private final ScheduledExecutorService timers;

    // Guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AckWindow window = new AckWindow(0);
    private PeerSession session;
    private long failedFrom = Long.MAX_VALUE;
    private long failedThrough = Long.MIN_VALUE;
    private long operationsReplicated;
    private long peerLosses;

    ReplicationPipeline(PipelineSettings settings, Connector connector, DirtyRecorder recorder,
            Predicate<String> notReplicated, StatProbe statProbe, FileIdentity fileIdentity, PeerListener listener) {
        this.fileIdentity = fileIdentity;
        this.connector = connector;
        this.recorder = recorder;
        this.notReplicated = notReplicated;
        this.statProbe = statProbe;
        this.listener = listener;
        this.format = new FrameFormat(settings.maxPayloadBytes());
        this.ackTimeoutNanos = settings.ackTimeout().toNanos();
        this.handshakeTimeoutMillis = settings.handshakeTimeout().toMillis();
        this.maxInFlightBytes = settings.maxInFlightBytes();
        this.moduleIdentity = settings.moduleIdentity();
        this.asyncMode = settings.asyncMode();
        for (int i = 0; i < ORDER_STRIPES; i++) {
            orderStripes[i] = new Object();
        }
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("replication-timer").daemon().factory());
    }

    public static ReplicationPipelineBuilder builder() {
        return new ReplicationPipelineBuilder();
    }

    /**
     * Applies {@code mutation} locally through {@code local} and replicates it. Returns the local
     * result (or -errno); when the result is >= 0 and a peer is connected, only after the peer acked
     * it, or after it was recorded dirty because the peer was lost. Never waits longer than the ack
     * timeout (twice, at most: once for window room, once for the ack) plus the local op.
     */
    public int execute(Mutation mutation, LocalOperation local) {
        return execute(mutation, local, statProbe);
    }

    /**
     * As {@link #execute(Mutation, LocalOperation)}, with a probe for this one call (the filter's
     * handler stats the fd it was given, the cheapest way to the resulting times). The mutation is
     * fitted to the local result before it is sent: a short write sends the bytes written, a
     * copy-range the bytes copied, and {@link Mutation#NOW} times become the times the primary set.
     */
    public int execute(Mutation mutation, LocalOperation local, StatProbe probe) {
        return execute(LockPlan.of(mutation).exclusive(), () -> mutation, local, probe);
    }

    /** Builds the mutation once the namespace lock is held; null means "nothing to replicate". */
    @FunctionalInterface
    public interface MutationSource {
        Mutation resolve();
    }

    /**
     * As {@link #execute(Mutation, LocalOperation, StatProbe)}, but the mutation (its paths above all)
     * is built only once the namespace lock is held, exclusively when {@code changesNames}: the
     * filter's handler reads the current name of the fd it was given at that point, when no rename
     * or unlink can be in progress, so a write never travels under a name its file no longer has.
     */
    public int execute(boolean changesNames, MutationSource source, LocalOperation local, StatProbe probe) {
        long sequence;
        int result;
        boolean needsDurable = false;
        try {
            awaitWindowRoom();
            Lock namespace = changesNames ? namespaceLock.writeLock() : namespaceLock.readLock();
            namespace.lockInterruptibly();
            try {
                Mutation mutation = source.resolve();
                if (mutation == null) {
                    return local.run();
                }
                if (isNotReplicated(mutation)) {
                    return crossesReplicationBoundary(mutation) ? -EXDEV : local.run();
                }
                LockPlan plan = LockPlan.of(mutation, fileIdentity);
                Check.that(plan.exclusive() == changesNames, "%s executed with changesNames=%s", mutation, changesNames);
                List<RangeLocks.Held> held = lockRanges(plan);
                try {
                    boolean replicating = isConnected();
                    if (replicating) {
                        DirtyMarks.beforeLocal(recorder, mutation);
                    } else {
                        DirtyMarks.recordMissing(recorder, mutation, false);
                    }
                    result = local.run();
                    if (result < 0) {
                        return result;
                    }
                    if (!replicating) {
                        DirtyMarks.afterLocalAlone(recorder, mutation);
                        return result;
                    }
                    sequence = enqueue(mutation, result, probe, plan);
                    needsDurable = mutation instanceof Mutation.Fsync;
                } finally {
                    held.forEach(RangeLocks.Held::close);
                }
            } finally {
                namespace.unlock();
            }
        } catch (IOException e) {
            log.error("replicate: cannot record an operation in the dirty recorder, answering EIO: {}", e.toString());
            return -EIO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -EINTR;
        }
        if (sequence <= 0) {
            return sequence == 0 ? result : (int) sequence; // lost meanwhile: recorded (0) or not (-EIO)
        }
        return awaitAck(sequence, needsDurable) ? result : -EIO;
    }

    /**
     * Connects to the peer and makes the handshake; from then on operations are replicated. The
     * caller (the node, on the engine's decision) calls it only once the peer is in sync. Operations
     * that started before it returned are recorded dirty and not sent.
     */
    public void connect() throws IOException {
        lock.lock();
        try {
            if (session != null) {
                throw new IllegalStateException("replication is already connected to " + session.peer());
            }
        } finally {
            lock.unlock();
        }
        Connection connection = connector.connect();
        ScheduledFuture<?> watchdog = timers.schedule(connection::close, handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            lock.lock();
            long firstSequence;
            try {
                firstSequence = window.lastSequence() + 1;
            } finally {
                lock.unlock();
            }
            format.write(new Hello(moduleIdentity, firstSequence).toFrame(), connection.output());
            connection.output().flush();
            Frame answer = format.read(connection.input());
            if (!watchdog.cancel(false)) {
                throw new IOException("no handshake answer from " + connection.describe() + " within " + handshakeTimeoutMillis + " ms");
            }
            if (answer == null) {
                throw new IOException("peer " + connection.describe() + " closed the connection during the handshake");
            }
            if (answer.type() == FrameType.REJECT) {
                throw new ProtocolException(ProtocolException.Reason.HANDSHAKE_REFUSED,
                        "peer " + connection.describe() + " refused the stream: " + Hello.rejectReason(answer));
            }
            if (answer.type() != FrameType.WELCOME) {
                throw new ProtocolException(ProtocolException.Reason.UNEXPECTED_FRAME, "expected WELCOME, got " + answer);
            }
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            connection.close();
            throw e;
        }
        PeerSession started = new PeerSession(connection, format, new SessionEvents());
        lock.lock();
        try {
            session = started;
            started.start();
        } finally {
            lock.unlock();
        }
        log.info("replicate: module '{}' connected to {}", moduleIdentity, started.peer());
        guarded(() -> listener.connected(started.peer()));
    }

    /**
     * Holds the range lock that live operations on {@code [offset, offset + length)} of {@code path}
     * take (length {@link RangeLocks#WHOLE_FILE} = the whole file): reintegration reads and sends
     * under it so a live write is never overtaken by older resync bytes (resync's LiveWriteOrdering).
     * The file identity is read under the namespace lock, in the order live operations take them.
     */
    public RangeLocks.Held lockRange(String path, long offset, long length) throws InterruptedException {
        Lock namespace = namespaceLock.readLock();
        namespace.lockInterruptibly();
        try {
            return rangeLocks.lock(fileIdentity.of(path), offset, length);
        } finally {
            namespace.unlock();
        }
    }

    /** Whether a peer is connected and operations are replicated. */
    public boolean isConnected() {
        lock.lock();
        try {
            return session != null;
        } finally {
            lock.unlock();
        }
    }

    /** Changes the async mode for operations from now on ({@code async} is a dynamic attribute). */
    public void setAsyncMode(AsyncMode mode) {
        asyncMode = mode;
    }

    public AsyncMode asyncMode() {
        return asyncMode;
    }

    /** A consistent snapshot of the counters, for metrics and tests. */
    public Stats stats() {
        lock.lock();
        try {
            PeerSession current = session;
            return new Stats(current != null, operationsReplicated, window.lastSequence(), window.received(),
                    window.durable(), window.bytesInFlight(), peerLosses,
                    current == null ? 0 : current.sender().framesSent(), current == null ? 0 : current.sender().flushes());
        } finally {
            lock.unlock();
        }
    }

    /** Counters: batching is {@code framesSent / flushes} of the current session. */
    public record Stats(boolean connected, long operationsReplicated, long lastSequence, long receivedThrough,
            long durableThrough, long bytesInFlight, long peerLosses, long framesSent, long flushes) {}

    /** Drops the peer (recording what it lacks, without telling the listener) and stops the timers. */
    @Override
    public void close() {
        disconnect("pipeline closed");
        timers.shutdownNow();
    }

    /** Drops the peer on the owner's request: like a loss, but the listener is not called. */
    public void disconnect(String reason) {
        lock.lock();
        try {
            endSessionLocked(session, reason);
        } finally {
            lock.unlock();
        }
    }

    private boolean isNotReplicated(Mutation mutation) {
        if (notReplicated.test(mutation.path())) {
            return true;
        }
        return switch (mutation) {
            case Mutation.Rename r -> notReplicated.test(r.target());
            case Mutation.Link l -> notReplicated.test(l.existing());
            case Mutation.CopyRange c -> notReplicated.test(c.source());
            default -> false;
        };
    }

    /** A rename or link between a replicated and a notreplicated name cannot be mirrored. */
    private boolean crossesReplicationBoundary(Mutation mutation) {
        return switch (mutation) {
            case Mutation.Rename r -> notReplicated.test(r.path()) != notReplicated.test(r.target());
            case Mutation.Link l -> notReplicated.test(l.existing()) != notReplicated.test(l.path());
            default -> false;
        };
    }

    private List<RangeLocks.Held> lockRanges(LockPlan plan) throws InterruptedException {
        List<RangeLocks.Held> held = new java.util.ArrayList<>(plan.ranges().size());
        try {
            for (LockPlan.FileRange range : plan.ranges()) {
                held.add(rangeLocks.lock(range.file(), range.offset(), range.length()));
            }
        } catch (InterruptedException e) {
            held.forEach(RangeLocks.Held::close);
            throw e;
        }
        return held;
    }

    /**
     * Gives {@code mutation} its sequence number and queues its frame. Returns the sequence number,
     * or, when the peer was lost since the operation started, records it dirty and returns 0 (done)
     * or -EIO (recording failed).
     */
    private long enqueue(Mutation mutation, int result, StatProbe probe, LockPlan plan) {
        synchronized (orderStripes[Math.floorMod(plan.orderKey().hashCode(), ORDER_STRIPES)]) {
            Mutation toSend = LocalOutcome.fit(mutation, result, probe);
            byte[] payload = MutationCodec.encode(toSend);
            lock.lock();
            try {
                if (session == null) {
                    try {
                        DirtyMarks.recordMissing(recorder, toSend, true);
                        return 0;
                    } catch (IOException e) {
                        log.error("replicate: cannot record '{}' after the peer was lost, answering EIO: {}", toSend.path(), e.toString());
                        return -EIO;
                    }
                }
                long sequence = window.add(toSend, DirtyMarks.bytesOf(toSend));
                session.send(new Frame(FrameType.of(toSend), 0, sequence, payload));
                operationsReplicated++;
                return sequence;
            } finally {
                lock.unlock();
            }
        }
    }

    private void awaitWindowRoom() throws InterruptedException {
        String lost = null;
        lock.lock();
        try {
            long deadline = System.nanoTime() + ackTimeoutNanos;
            while (session != null && window.bytesInFlight() >= maxInFlightBytes) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    lost = endSessionLocked(session, "no room in the replication window (" + window.bytesInFlight()
                            + " bytes unacked) within " + ackTimeoutNanos / 1_000_000 + " ms");
                    break;
                }
                changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        notifyLost(lost);
    }

    /** Waits until {@code sequence} is acked as the mode requires, or recorded after a loss; false means -EIO. */
    private boolean awaitAck(long sequence, boolean needsDurable) {
        String lost = null;
        boolean interrupted = false;
        lock.lock();
        try {
            long deadline = System.nanoTime() + ackTimeoutNanos;
            while (true) {
                if (sequence >= failedFrom && sequence <= failedThrough) {
                    return false;
                }
                if (window.isAcked(sequence, asyncMode, needsDurable)) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    lost = endSessionLocked(session, "no ack for operation #" + sequence + " within "
                            + ackTimeoutNanos / 1_000_000 + " ms");
                    continue;
                }
                try {
                    changed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    interrupted = true; // the answer must still wait for ack or record: keep waiting, bounded
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            notifyLost(lost);
        }
    }

    /**
     * Ends {@code ending} if it is the current session: closes it, records every mutation not acked
     * durable, and wakes all waiters. Returns the reason to report, or null if there was nothing to end.
     */
    private String endSessionLocked(PeerSession ending, String reason) {
        if (ending == null || ending != session) {
            return null;
        }
        session = null;
        peerLosses++;
        ending.close();
        List<AckWindow.Entry> unapplied = window.unapplied();
        window.clear();
        try {
            for (AckWindow.Entry entry : unapplied) {
                DirtyMarks.recordMissing(recorder, entry.mutation(), true);
            }
        } catch (IOException e) {
            failedFrom = unapplied.getFirst().sequence();
            failedThrough = window.lastSequence();
            log.error("replicate: cannot record operations #{}..#{} the peer lacks; they answer EIO: {}",
                    failedFrom, failedThrough, e.toString());
        }
        changed.signalAll();
        String full = reason + " (" + unapplied.size() + " unapplied operations recorded for reintegration)";
        log.warn("replicate: module '{}' lost peer {}: {}", moduleIdentity, ending.peer(), full);
        return full;
    }

    private void notifyLost(String reason) {
        if (reason != null) {
            guarded(() -> listener.peerLost(reason));
        }
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("replicate: peer listener failed, ignoring it", e);
        }
    }

    /** Session callbacks, from the session's threads. */
    private final class SessionEvents implements PeerSession.Events {
        @Override
        public void ackReceived(PeerSession from, long sequence) {
            onAck(from, sequence, false);
        }

        @Override
        public void ackDurable(PeerSession from, long sequence) {
            onAck(from, sequence, true);
        }

        @Override
        public void failed(PeerSession from, String reason) {
            String lost;
            lock.lock();
            try {
                lost = endSessionLocked(from, reason);
            } finally {
                lock.unlock();
            }
            notifyLost(lost);
        }

        private void onAck(PeerSession from, long sequence, boolean durable) {
            String lost = null;
            lock.lock();
            try {
                if (from != session) {
                    return;
                }
                boolean valid = durable ? window.ackDurable(sequence) : window.ackReceived(sequence);
                if (valid) {
                    changed.signalAll();
                } else {
                    lost = endSessionLocked(from, "the peer acked operation #" + sequence
                            + " which was never sent (last sent #" + window.lastSequence() + ")");
                }
            } finally {
                lock.unlock();
            }
            notifyLost(lost);
        }
    }
}

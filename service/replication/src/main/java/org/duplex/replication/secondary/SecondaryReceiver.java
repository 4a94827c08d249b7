package org.duplex.replication.secondary;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.link.Connection;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.replication.wire.FrameType;
import org.duplex.replication.wire.Hello;
import org.duplex.replication.wire.MutationCodec;
import org.duplex.replication.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication stream on the secondary: handshake, then a receiving thread (this one) that
 * validates and queues frames and acks RECEIVED, an applying thread that applies them in order and
 * acks DURABLE, and an {@link AckSender}.
 *
 * <pre>
 *   socket ─▶ read + check (CRC, length, version, type, sequence, path) ─▶ queue ─▶ apply ─▶ ACK_DURABLE
 *                                   └─▶ ACK_RECEIVED
 * </pre>
 *
 * <p>A bad frame is never applied: receiving stops, the frames received before it (already acked
 * RECEIVED, so the primary may have answered the application) are still applied, then a REJECT with
 * the reason is sent, the connection closed, and the listener told that this copy needs a resync.
 * A failed apply stops applying at once (later frames would act on a copy that diverged), with
 * the same report.
 */
public final class SecondaryReceiver implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SecondaryReceiver.class);
    private static final long APPLIER_JOIN_MILLIS = 120_000;
    private static final long ACK_FLUSH_MILLIS = 5_000;

    private record Item(long sequence, Mutation mutation) {}

    private static final Item END = new Item(-1, null);

    private final Connection connection;
    private final FrameFormat format;
    private final String moduleIdentity;
    private final MutationApplier applier;
    private final SecondaryListener listener;
    private final Duration handshakeTimeout;
    private final BlockingQueue<Item> queue;
    private volatile String applyFailure;
    private volatile long appliedThrough;

    public SecondaryReceiver(Connection connection, FrameFormat format, String moduleIdentity, MutationApplier applier,
            SecondaryListener listener, Duration handshakeTimeout, int queueFrames) {
        this.connection = connection;
        this.format = format;
        this.moduleIdentity = moduleIdentity;
        this.applier = applier;
        this.listener = listener;
        this.handshakeTimeout = handshakeTimeout;
        this.queue = new ArrayBlockingQueue<>(queueFrames);
    }

    /** Stops the stream from outside (closing the connection); {@link #run} then ends as for a lost primary. */
    public void stop() {
        connection.close();
    }

    @Override
    public void run() {
        long firstSequence;
        try {
            firstSequence = handshake();
        } catch (IOException e) {
            connection.close();
            end("handshake with " + connection.describe() + " failed: " + e.getMessage(), false);
            return;
        }
        guarded(() -> listener.streamStarted(connection.describe(), firstSequence));
        log.info("apply: module '{}' receiving from {} starting at #{}", moduleIdentity, connection.describe(), firstSequence);
        appliedThrough = firstSequence - 1;
        AckSender acks = new AckSender(format, connection.output(), firstSequence - 1);
        acks.start();
        Thread applying = Thread.ofPlatform().name("replication-apply").daemon().start(() -> applyLoop(acks));

        String reason;
        boolean needsResync;
        Frame reject = null;
        try {
            receiveLoop(firstSequence, acks);
            reason = "the primary closed the stream";
            needsResync = false;
        } catch (ProtocolException e) {
            reason = "refused a frame from " + connection.describe() + ": " + e.getMessage();
            needsResync = true;
            reject = Hello.reject(e.getMessage());
        } catch (IOException e) {
            reason = "connection to " + connection.describe() + " broke: " + e.getMessage();
            needsResync = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
            needsResync = false;
        }
        try {
            queue.put(END);
            applying.join(APPLIER_JOIN_MILLIS);
            if (applyFailure != null) {
                reason = applyFailure;
                needsResync = true;
            } else {
                acks.finish(reject, ACK_FLUSH_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        end(reason, needsResync);
    }

    private long handshake() throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("replication-handshake").daemon().factory());
        ScheduledFuture<?> watchdog = timer.schedule(connection::close, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Frame frame;
            try {
                frame = format.read(connection.input());
            } catch (ProtocolException e) {
                refuse(e.getMessage());
                throw e;
            }
            if (frame == null) {
                throw new IOException("closed before HELLO");
            }
            Hello hello = Hello.fromFrame(frame);
            if (!hello.moduleIdentity().equals(moduleIdentity)) {
                String why = "module identity '" + hello.moduleIdentity() + "' does not match this node's '" + moduleIdentity + "'";
                refuse(why);
                throw new ProtocolException(ProtocolException.Reason.HANDSHAKE_REFUSED, why);
            }
            format.write(Frame.of(FrameType.WELCOME, hello.firstSequence()), connection.output());
            connection.output().flush();
            if (!watchdog.cancel(false)) {
                throw new IOException("handshake took longer than " + handshakeTimeout.toMillis() + " ms");
            }
            return hello.firstSequence();
        } finally {
            watchdog.cancel(false);
            timer.shutdownNow();
        }
    }

    private void refuse(String why) {
        try {
            format.write(Hello.reject(why), connection.output());
            connection.output().flush();
        } catch (IOException e) {
            log.debug("apply: could not send REJECT to {}: {}", connection.describe(), e.toString());
        }
    }

    private void receiveLoop(long firstSequence, AckSender acks) throws IOException, InterruptedException {
        long expected = firstSequence;
        while (true) {
            Frame frame = format.read(connection.input());
            if (frame == null) {
                return;
            }
            if (!frame.type().isMutation()) {
                throw new ProtocolException(ProtocolException.Reason.UNEXPECTED_FRAME, "got " + frame + " where a mutation was expected");
            }
            if (frame.sequence() != expected) {
                throw new ProtocolException(ProtocolException.Reason.OUT_OF_ORDER,
                        "got " + frame + ", expected sequence #" + expected);
            }
            Mutation mutation = MutationCodec.decode(frame);
            queue.put(new Item(frame.sequence(), mutation));
            acks.received(frame.sequence());
            expected++;
        }
    }

    private void applyLoop(AckSender acks) {
        try {
            while (true) {
                Item item = queue.take();
                if (item == END) {
                    return;
                }
                if (applyFailure != null) {
                    continue; // diverged: apply nothing more, but keep draining so the receiver never blocks
                }
                try {
                    applier.apply(item.mutation());
                    appliedThrough = item.sequence();
                    acks.durable(item.sequence());
                } catch (IOException | RuntimeException e) {
                    applyFailure = "applying #" + item.sequence() + " " + item.mutation() + " failed: " + e;
                    log.error("apply: module '{}' {}", moduleIdentity, applyFailure);
                    acks.finish(Hello.reject(applyFailure), ACK_FLUSH_MILLIS);
                    connection.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(String reason, boolean needsResync) {
        if (needsResync) {
            log.error("apply: module '{}' stream ended, copy needs reintegration: {}", moduleIdentity, reason);
        } else {
            log.info("apply: module '{}' stream ended: {}", moduleIdentity, reason);
        }
        long applied = appliedThrough;
        guarded(() -> listener.streamEnded(reason, needsResync, applied));
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("apply: secondary listener failed, ignoring it", e);
        }
    }
}

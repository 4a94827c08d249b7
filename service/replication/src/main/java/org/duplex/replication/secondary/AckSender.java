package org.duplex.replication.secondary;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.replication.wire.FrameType;

/**
 * The secondary's ack writer. Acks are cumulative, so only the newest value of each kind matters:
 * the receiver and the applier just raise the marks, and this thread sends whatever is newer than
 * what it sent last, both kinds in one flush. Under load many frames are acked by one ack.
 */
final class AckSender {
    private final FrameFormat format;
    private final OutputStream out;
    private final Thread thread;
    private long received;
    private long durable;
    private long sentReceived;
    private long sentDurable;
    private boolean stopping;
    private Frame finalFrame;
    private IOException failure;

    AckSender(FrameFormat format, OutputStream out, long lastSequence) {
        this.format = format;
        this.out = new BufferedOutputStream(out, 4096);
        this.received = lastSequence;
        this.durable = lastSequence;
        this.sentReceived = lastSequence;
        this.sentDurable = lastSequence;
        this.thread = Thread.ofPlatform().name("replication-ack").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    synchronized void received(long sequence) {
        received = sequence;
        notifyAll();
    }

    synchronized void durable(long sequence) {
        durable = sequence;
        notifyAll();
    }

    /** Sends the pending acks, then {@code last} (a REJECT, or null), then stops; waits at most {@code millis}. */
    void finish(Frame last, long millis) throws InterruptedException {
        synchronized (this) {
            finalFrame = last;
            stopping = true;
            notifyAll();
        }
        thread.join(millis);
    }

    synchronized IOException failure() {
        return failure;
    }

    private void run() {
        try {
            while (true) {
                long receivedNow;
                long durableNow;
                boolean stop;
                Frame last;
                synchronized (this) {
                    while (!stopping && received == sentReceived && durable == sentDurable) {
                        wait();
                    }
                    receivedNow = received;
                    durableNow = durable;
                    stop = stopping;
                    last = finalFrame;
                }
                if (receivedNow > sentReceived) {
                    format.write(Frame.of(FrameType.ACK_RECEIVED, receivedNow), out);
                    sentReceived = receivedNow;
                }
                if (durableNow > sentDurable) {
                    format.write(Frame.of(FrameType.ACK_DURABLE, durableNow), out);
                    sentDurable = durableNow;
                }
                if (stop && last != null) {
                    format.write(last, out);
                }
                out.flush();
                if (stop) {
                    return;
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

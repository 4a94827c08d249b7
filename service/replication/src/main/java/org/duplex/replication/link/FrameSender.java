package org.duplex.replication.link;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;

/**
 * The one thread that writes frames to a connection. It takes the first queued frame, drains
 * whatever else is queued behind it, writes them all into one buffer and flushes once: under load
 * many frames leave in one syscall, with no load a frame leaves at once (no delay timer).
 *
 * <p>Frames leave in the order {@link #send} was called; the caller makes that order the sequence
 * order. On a write error the sender stops and reports once through {@code onFailure}; frames still
 * queued are dropped (the pipeline knows which sequence numbers were not acked).
 */
public final class FrameSender {
    private static final int BUFFER_BYTES = 256 << 10;
    private static final int BATCH_FRAMES_MAX = 1024;
    private static final Frame STOP = Frame.of(org.duplex.replication.wire.FrameType.REJECT, -1);

    private final LinkedBlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
    private final FrameFormat format;
    private final OutputStream out;
    private final Consumer<IOException> onFailure;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long framesSent;
    private volatile long flushes;

    public FrameSender(String name, FrameFormat format, OutputStream out, Consumer<IOException> onFailure) {
        this.format = format;
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public FrameSender start() {
        thread.start();
        return this;
    }

    /** Queues {@code frame}; never blocks. Ignored after {@link #stop}. */
    public void send(Frame frame) {
        if (!stopped) {
            queue.add(frame);
        }
    }

    /** Stops the thread after the frames already queued; does not close the stream. */
    public void stop() {
        stopped = true;
        queue.add(STOP);
    }

    /** Waits for the sender thread to end, at most {@code millis}. */
    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Frames written and flushes done so far: their ratio is the batching achieved. */
    public long framesSent() {
        return framesSent;
    }

    public long flushes() {
        return flushes;
    }

    private void run() {
        List<Frame> batch = new ArrayList<>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, BATCH_FRAMES_MAX - 1);
                for (Frame frame : batch) {
                    if (frame == STOP) {
                        out.flush();
                        return;
                    }
                    format.write(frame, out);
                }
                out.flush();
                framesSent += batch.size();
                flushes++;
            }
        } catch (IOException e) {
            stopped = true;
            queue.clear();
            onFailure.accept(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

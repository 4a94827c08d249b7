package org.duplex.resync.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Counts a run's work from many workers; {@link #snapshot} is safe to call from any thread. */
public final class ProgressTracker {
    private final String runId;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private volatile ResyncProgress.Phase phase = ResyncProgress.Phase.PLANNING;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong();

    public ProgressTracker(String runId, LongSupplier nanoTime) {
        this.runId = runId;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    public void phase(ResyncProgress.Phase phase) {
        this.phase = phase;
    }

    public void addTotal(long bytes, long files) {
        bytesTotal.addAndGet(bytes);
        filesTotal.addAndGet(files);
    }

    public void addDone(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    public void addSent(long bytes) {
        bytesSent.addAndGet(bytes);
    }

    public void fileDone() {
        filesDone.incrementAndGet();
    }

    public ResyncProgress snapshot() {
        long elapsed = Math.max(1, nanoTime.getAsLong() - startNanos);
        long done = bytesDone.get();
        long total = bytesTotal.get();
        long rate = (long) (done * 1e9 / elapsed);
        long eta = rate > 0 && total >= done ? (total - done) / rate : -1;
        return new ResyncProgress(runId, phase, done, total, bytesSent.get(), filesDone.get(), filesTotal.get(), rate, eta);
    }
}

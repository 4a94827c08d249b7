package org.duplex.resync.source;

import java.util.function.LongSupplier;
import org.duplex.common.Check;

/**
 * Caps reintegration bandwidth ({@code reiallowedbw}): a token bucket of one second's worth of
 * bytes. Time and sleeping are injected so the arithmetic is tested without waiting.
 */
public final class RateLimiter {
    /** Sleeps for the given nanoseconds (Thread.sleep in production, a fake clock in tests). */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long available;
    private long lastRefillNanos;

    /** {@code bytesPerSecond == 0} means unlimited. */
    public RateLimiter(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        Check.argument(bytesPerSecond >= 0, "rate limit %d bytes/s is negative", bytesPerSecond);
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.lastRefillNanos = nanoTime.getAsLong();
        this.available = bytesPerSecond;
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0, () -> 0, n -> {});
    }

    public static RateLimiter systemClock(long bytesPerSecond) {
        return new RateLimiter(bytesPerSecond, System::nanoTime,
                n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    /** Waits until {@code bytes} may be sent. */
    public void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            refill();
            available -= bytes;
            waitNanos = available >= 0 ? 0 : -available * 1_000_000_000L / bytesPerSecond;
        }
        if (waitNanos > 0) {
            sleeper.sleepNanos(waitNanos);
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastRefillNanos;
        if (elapsed > 0) {
            long add = (long) ((double) elapsed * bytesPerSecond / 1_000_000_000L);
            if (add > 0) {
                available = Math.min(bytesPerSecond, available + add);
                lastRefillNanos = now;
            }
        }
    }
}

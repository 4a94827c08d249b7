package org.duplex.node.vip;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.duplex.common.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code arpreroute="on"}: after the virtual IP is set, repeat the gratuitous ARP every
 * {@code arpinterval} (60 s) until {@code arpelapse} (1200 s) has passed, so caches that missed the
 * first announcement (a switch rebooting, a client waking up) still learn the new MAC.
 */
public final class ArpReannouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArpReannouncer.class);

    private final VipDriver driver;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final Duration interval;
    private final Duration elapse;
    private ScheduledFuture<?> task;

    public ArpReannouncer(VipDriver driver, Duration interval, Duration elapse, ScheduledExecutorService scheduler,
            LongSupplier nanoClock) {
        Check.argument(interval.isPositive(), "arpinterval must be > 0: %s", interval);
        Check.argument(!elapse.isNegative(), "arpelapse must be >= 0: %s", elapse);
        this.driver = driver;
        this.interval = interval;
        this.elapse = elapse;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /** Starts re-announcing {@code vip} (replacing any previous run). */
    public synchronized void start(VirtualIp vip) {
        stop();
        long until = nanoClock.getAsLong() + elapse.toNanos();
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        task = scheduler.scheduleAtFixedRate(() -> announce(vip, until, self), interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        self.set(task);
    }

    /** Stops re-announcing (call before unsetting the address). */
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** One periodic run; past the elapse it cancels its own task (not a newer one from a later start). */
    private void announce(VirtualIp vip, long untilNanos, AtomicReference<ScheduledFuture<?>> self) {
        if (nanoClock.getAsLong() - untilNanos > 0) {
            synchronized (this) {
                ScheduledFuture<?> own = self.get();
                if (own != null) {
                    own.cancel(false);
                }
                if (task == own) {
                    task = null;
                }
            }
            return;
        }
        try {
            driver.announce(vip);
        } catch (VipException e) {
            log.warn("vip: re-announcing {} failed: {}", vip, e.getMessage());
        } catch (RuntimeException e) {
            log.error("vip: re-announcing {} failed", vip, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}

package org.duplex.node.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArpReannouncerTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger announcements = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();

    /** Counts announcements; the address itself is irrelevant here. */
    private final VipDriver counting = new VipDriver() {
        @Override public void set(VirtualIp vip) { }
        @Override public void unset(VirtualIp vip) { }
        @Override public boolean isSet(VirtualIp vip) { return true; }
        @Override public void announce(VirtualIp vip) { announcements.incrementAndGet(); }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void announcesRepeatedlyUntilTheElapseIsOver() throws Exception {
        VirtualIp vip = new VirtualIp(InetAddress.getByName("10.0.0.9"), 24, "eth0", Optional.empty());
        scheduler.setRemoveOnCancelPolicy(true);
        ArpReannouncer reannouncer = new ArpReannouncer(counting, Duration.ofMillis(20), Duration.ofSeconds(1200),
                scheduler, now::get);

        reannouncer.start(vip);
        await().atMost(Duration.ofSeconds(15)).until(() -> announcements.get() >= 3);

        now.addAndGet(Duration.ofSeconds(1201).toNanos());
        int afterElapse = announcements.get() + 1; // at most one run may already be past its check

        // The first run after the elapse cancels the periodic task itself.
        await().atMost(Duration.ofSeconds(15)).until(() -> scheduler.getQueue().isEmpty());
        assertThat(announcements.get()).isLessThanOrEqualTo(afterElapse);
    }

    @Test
    void stopCancelsAtOnce() throws Exception {
        scheduler.setRemoveOnCancelPolicy(true);
        VirtualIp vip = new VirtualIp(InetAddress.getByName("10.0.0.9"), 24, "eth0", Optional.empty());
        ArpReannouncer reannouncer = new ArpReannouncer(counting, Duration.ofHours(1), Duration.ofHours(2),
                scheduler, now::get);
        reannouncer.start(vip);
        assertThat(scheduler.getQueue()).hasSize(1);

        reannouncer.stop();

        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(announcements).hasValue(0);
    }
}

package org.duplex.resync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rate limit and progress arithmetic on a fake clock (no waiting). */
class RateLimiterAndProgressTest {

    @Test
    void theLimiterLetsOneSecondsWorthThroughThenMakesCallersWaitInProportion() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicLong slept = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1_000_000, now::get, n -> {
            slept.addAndGet(n);
            now.addAndGet(n);
        });
        limiter.acquire(1_000_000); // the initial bucket
        assertThat(slept.get()).isZero();
        limiter.acquire(500_000);
        assertThat(slept.get()).isEqualTo(500_000_000L); // half a second for half a second's bytes
        for (int i = 0; i < 10; i++) {
            limiter.acquire(100_000);
        }
        // over the whole run: 2.5 MB at 1 MB/s with a 1 MB initial bucket = 1.5 s of waiting
        assertThat(slept.get()).isEqualTo(1_500_000_000L);
    }

    @Test
    void unlimitedNeverWaits() throws Exception {
        RateLimiter limiter = new RateLimiter(0, () -> 0, n -> {
            throw new AssertionError("slept");
        });
        limiter.acquire(Long.MAX_VALUE / 2);
    }

    @Test
    void progressReportsRateAndEta() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ProgressTracker p = new ProgressTracker("r1", now::get);
        p.addTotal(1000, 4);
        now.addAndGet(2_000_000_000L);
        p.addDone(400);
        p.fileDone();
        p.phase(ResyncProgress.Phase.TRANSFER);
        ResyncProgress s = p.snapshot();
        assertThat(s.rateBytesPerSecond()).isEqualTo(200);
        assertThat(s.etaSeconds()).isEqualTo(3);
        assertThat(s.filesDone()).isEqualTo(1);
        assertThat(s.filesTotal()).isEqualTo(4);
        assertThat(s.phase()).isEqualTo(ResyncProgress.Phase.TRANSFER);
        assertThat(new ProgressTracker("r2", now::get).snapshot().etaSeconds()).isEqualTo(-1);
    }
}

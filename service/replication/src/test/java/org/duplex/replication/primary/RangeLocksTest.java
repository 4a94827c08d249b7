package org.duplex.replication.primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RangeLocksTest {
    private final RangeLocks locks = new RangeLocks();

    @Test
    void disjointRangesAndOtherFilesDoNotWait() throws Exception {
        try (var a = locks.lock("f", 0, 4096);
                var b = locks.lock("f", 4096, 4096);
                var c = locks.lock("g", 0, RangeLocks.WHOLE_FILE)) {
            assertThat(locks.pathsHeld()).isEqualTo(2);
        }
        assertThat(locks.pathsHeld()).isZero();
    }

    @Test
    void anOverlappingRangeWaitsUntilTheHolderReleases() throws Exception {
        RangeLocks.Held held = locks.lock("f", 100, 200);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try (var second = locks.lock("f", 250, 10)) {
                // acquired
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiter.isDone());

        held.close();

        waiter.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(locks.pathsHeld()).isZero();
    }

    @Test
    void aWholeFileLockCoversEveryOffsetAndAZeroLengthRangeStillCountsOneByte() throws Exception {
        RangeLocks.Held whole = locks.lock("f", 0, RangeLocks.WHOLE_FILE);
        CompletableFuture<Void> far = CompletableFuture.runAsync(() -> {
            try (var r = locks.lock("f", Long.MAX_VALUE - 10, 0)) {
                // acquired
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !far.isDone());
        whole.close();
        far.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}

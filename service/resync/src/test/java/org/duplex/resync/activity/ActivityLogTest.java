package org.duplex.resync.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityLogTest {
    private static final long EXTENT = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void writesToAnAlreadyHotExtentCostNoIo() throws IOException {
        try (ActivityLog log = ActivityLog.open(dir, EXTENT, 8)) {
            log.beforeWrite("db", 100, 4096);
            long size = Files.size(dir.resolve(ActivityLog.JOURNAL));
            for (int i = 0; i < 1000; i++) {
                log.beforeWrite("db", i * 4096L, 4096);
            }
            assertThat(Files.size(dir.resolve(ActivityLog.JOURNAL))).isEqualTo(size);
            log.beforeWrite("db", EXTENT, 1);
            assertThat(Files.size(dir.resolve(ActivityLog.JOURNAL))).isGreaterThan(size);
        }
    }

    @Test
    void extentsHotAtACrashAreRecoveredUntilClearedAndACleanCloseRecoversNothing() throws IOException {
        ActivityLog log = ActivityLog.open(dir, EXTENT, 8);
        log.beforeWrite("a", EXTENT - 10, 20); // straddles extents 0 and 1
        log.beforeWrite("b", 0, 1);
        log.closeAsIfCrashed();

        log = ActivityLog.open(dir, EXTENT, 8);
        assertThat(log.recovered()).containsExactlyInAnyOrder(
                new HotExtent("a", 0, EXTENT), new HotExtent("a", 1, EXTENT), new HotExtent("b", 0, EXTENT));
        assertThat(log.hotExtents()).isEmpty();
        log.close(); // recovered extents survive restarts until a resync covers them

        log = ActivityLog.open(dir, EXTENT, 8);
        assertThat(log.recovered()).hasSize(3);
        log.clearRecovered(List.of(new HotExtent("a", 0, EXTENT), new HotExtent("a", 1, EXTENT)));
        log.beforeWrite("c", 0, 1);
        log.close();

        log = ActivityLog.open(dir, EXTENT, 8);
        assertThat(log.recovered()).containsExactly(new HotExtent("b", 0, EXTENT));
        log.close();
    }

    @Test
    void theHotSetStaysBoundedLeastRecentlyUsedFirstAndTheBoundHoldsAfterACrash() throws IOException {
        ActivityLog log = ActivityLog.open(dir, EXTENT, 3);
        for (int i = 0; i < 4; i++) {
            log.beforeWrite("f", i * EXTENT, 1);
        }
        log.beforeWrite("f", 1 * EXTENT, 1); // 1 becomes most recent; next eviction takes 2
        log.beforeWrite("g", 0, 1);
        assertThat(log.hotExtents()).extracting(e -> e.path() + e.index()).containsExactly("f3", "f1", "g0");
        log.closeAsIfCrashed();
        log = ActivityLog.open(dir, EXTENT, 3);
        assertThat(log.recovered()).extracting(e -> e.path() + e.index()).containsExactlyInAnyOrder("f3", "f1", "g0");
        log.close();
    }

    @Test
    void manyTransactionsCompactAndConcurrentWritersAllEndUpDurable() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("ActivityLogTest seed=" + seed);
        ActivityLog log = ActivityLog.open(dir, 4096, 64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SplittableRandom rnd = new SplittableRandom(seed + t);
            String path = "t" + t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < ActivityLog.COMPACT_RECORDS / 2 + 100; i++) {
                    log.beforeWrite(path, rnd.nextInt(1000) * 4096L, 1);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<HotExtent> hot = log.hotExtents();
        assertThat(hot).hasSize(64);
        log.closeAsIfCrashed();
        ActivityLog reopened = ActivityLog.open(dir, 4096, 64);
        assertThat(reopened.recovered()).containsExactlyInAnyOrderElementsOf(hot);
        reopened.close();
    }
}

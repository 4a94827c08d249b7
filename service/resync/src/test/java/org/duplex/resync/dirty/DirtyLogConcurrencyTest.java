package org.duplex.resync.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent callers share fsyncs (group commit) and every acknowledged mark survives a reopen. */
class DirtyLogConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void everyMarkAcknowledgedByConcurrentCallersIsThereAfterReopen() throws Exception {
        int threads = 8;
        int marks = 100;
        try (DirtyLog log = DirtyLog.open(dir, 8192)) { // small: compactions happen under load too
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String path = "file" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < marks; i++) {
                        log.markDirty(path, i * 8192L, 1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        try (DirtyLog log = DirtyLog.open(dir)) {
            for (int t = 0; t < threads; t++) {
                assertThat(log.blocksOf("file" + t).getCardinality()).isEqualTo(marks);
                assertThat(log.blocksOf("file" + t).contains(2 * (marks - 1))).isTrue();
            }
        }
    }
}

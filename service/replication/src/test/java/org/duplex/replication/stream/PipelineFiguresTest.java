package org.duplex.replication.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.testkit.ReplicaPair;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Prints loopback figures (ops/s and frames per flush) for 4 KiB writes from 8 threads; asserts only
 * that the copies end identical. Not a benchmark ({@code duplex bench} is): a sanity figure per run.
 */
class PipelineFiguresTest {
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 500;

    @TempDir Path base;

    @ParameterizedTest
    @EnumSource(AsyncMode.class)
    void printsLoopbackFiguresFor4KiBWrites(AsyncMode mode) throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, mode)) {
            pair.pipeline.connect();
            for (int t = 0; t < THREADS; t++) {
                pair.execute(new Mutation.Create("t" + t, 0600, 0, 0, Mutation.NO_TIME));
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String file = "t" + t;
                done.add(threads.submit(() -> {
                    byte[] block = new byte[4096];
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        block[0] = (byte) i;
                        pair.execute(new Mutation.Write(file, i * 4096L, block, Mutation.NO_TIME));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            long elapsedNanos = System.nanoTime() - started;
            threads.shutdown();
            pair.execute(new Mutation.Fsync(".", false));
            ReplicationPipeline.Stats stats = pair.pipeline.stats();
            System.out.printf("PipelineFiguresTest async=%s: %d writes of 4 KiB from %d threads in %d ms = %.0f ops/s, "
                            + "%d frames in %d flushes (%.1f frames/flush)%n", mode, THREADS * WRITES_PER_THREAD, THREADS,
                    elapsedNanos / 1_000_000, THREADS * WRITES_PER_THREAD * 1e9 / elapsedNanos,
                    stats.framesSent(), stats.flushes(), (double) stats.framesSent() / Math.max(1, stats.flushes()));
            for (int t = 0; t < THREADS; t++) {
                assertThat(Files.mismatch(pair.primaryDir.resolve("t" + t), pair.secondaryDir.resolve("t" + t))).isEqualTo(-1);
            }
        }
    }
}

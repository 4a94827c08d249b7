package org.duplex.resync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.duplex.resync.support.TestLivePipeline;
import org.duplex.resync.support.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application keeps writing on the source while a full sync runs: live writes (replicated to
 * both sides under range locks) race the resync workers, and resync data must never overwrite a
 * newer live write on the target.
 */
class LiveWritesDuringResyncTest {
    /** Set to false by hand to see the race test fail without range locks. */
    private static final boolean LOCKING = true;

    @TempDir
    java.nio.file.Path base;

    @Test
    void liveWritesDuringAFullSyncAreNeverOverwrittenByOlderResyncData() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("LiveWritesDuringResyncTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, rnd, 12, 2_000_000);
            TestLivePipeline pipeline = new TestLivePipeline(pair.sourceData, pair.targetData, true);
            ResyncSource source = pair.source(new ResyncOptions(4, 65536, 65536, 0, 8), pipeline);
            ExecutorService app = Executors.newSingleThreadExecutor();
            try {
                SplittableRandom writes = rnd.split();
                Future<Integer> writer = app.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < 300; i++) {
                        String rel = files.get(writes.nextInt(files.size()));
                        long size = Files.size(pair.sourceData.resolve(rel));
                        long offset = writes.nextLong(size + 8192); // some writes extend the file
                        byte[] data = new byte[1 + writes.nextInt(9000)];
                        RandomTrees.fill(writes, data);
                        pipeline.liveWrite(rel, offset, data);
                        done++;
                    }
                    return done;
                });

                ResyncSource.Result result = source.run(Kind.FULL);
                int written = writer.get(120, TimeUnit.SECONDS);

                assertThat(result.progress().phase()).isEqualTo(ResyncProgress.Phase.DONE);
                assertThat(written).isEqualTo(300);
                assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            } finally {
                app.shutdownNow();
            }
        }
    }

    /**
     * Deterministic race: a live write to exactly the region a resync message carries arrives
     * while that message is in flight. It must wait for the range lock and land after it; without
     * the lock (the mutation shown by {@code locking=false}) the stale resync bytes would win.
     */
    @Test
    void aLiveWriteRacingAResyncMessageForTheSameRegionLandsAfterIt() throws Exception {
        try (ResyncPair pair = new ResyncPair(base)) {
            byte[] old = new byte[200_000];
            RandomTrees.fill(new SplittableRandom(1), old);
            Files.write(pair.sourceData.resolve("f.bin"), old);
            TestLivePipeline pipeline = new TestLivePipeline(pair.sourceData, pair.targetData, LOCKING);
            byte[] fresh = new byte[4096];
            java.util.Arrays.fill(fresh, (byte) 7);
            ExecutorService app = Executors.newSingleThreadExecutor();
            java.util.concurrent.atomic.AtomicReference<Future<?>> liveWrite = new java.util.concurrent.atomic.AtomicReference<>();
            pair.channel.beforeDeliver(r -> {
                if (r instanceof org.duplex.resync.protocol.ResyncRequest.WriteData w && w.offset() == 0
                        && liveWrite.get() == null) {
                    liveWrite.set(app.submit(() -> {
                        pipeline.liveWrite("f.bin", 0, fresh);
                        return null;
                    }));
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                            .until(() -> liveWrite.get().isDone() || pipeline.waiting() > 0);
                }
            });
            try {
                pair.source(ResyncOptions.defaults().withWorkers(1), pipeline).run(Kind.FULL);
                liveWrite.get().get(10, TimeUnit.SECONDS);

                byte[] onTarget = Files.readAllBytes(pair.targetData.resolve("f.bin"));
                assertThat(java.util.Arrays.copyOf(onTarget, 4096)).isEqualTo(fresh);
                assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            } finally {
                app.shutdownNow();
            }
        }
    }
}

package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several application threads at once: disjoint writes into one shared file plus create / write /
 * rename / unlink churn in one shared directory, through the multi-threaded loop. Every write must
 * land, every surviving file must hold its data, on disk after unmount.
 */
class ConcurrentOpsTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 150;
    private static final int CHUNK = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersAndNamespaceChurn() throws Exception {
        long seed = Long.getLong("duplex.test.seed", System.nanoTime());
        System.out.println("ConcurrentOpsTest seed " + seed);
        String root = dir.toString() + "/";
        try (FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 8)) {
            int shared = NativeFs.openat(AT_FDCWD, root + "shared", NativeFs.O_CREAT | NativeFs.O_RDWR, 0644);
            assertThat(shared).isGreaterThanOrEqualTo(0);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        Random rnd = new Random(seed + thread);
                        for (int round = 0; round < ROUNDS; round++) {
                            long slot = (long) round * THREADS + thread;
                            ByteBuffer data = FsOps.pattern(slot, CHUNK);
                            assertThat(NativeFs.pwrite(shared, data, slot * CHUNK)).isEqualTo(CHUNK);
                            String name = root + "t" + thread + "-" + (round % 5);
                            int fd = NativeFs.openat(AT_FDCWD, name, NativeFs.O_CREAT | NativeFs.O_WRONLY | NativeFs.O_TRUNC, 0644);
                            assertThat(fd).isGreaterThanOrEqualTo(0);
                            assertThat(NativeFs.pwrite(fd, FsOps.pattern(slot, 100), 0)).isEqualTo(100);
                            assertThat(NativeFs.close(fd)).isZero();
                            if (rnd.nextBoolean()) {
                                assertThat(NativeFs.renameat2(AT_FDCWD, name, AT_FDCWD, name + ".r", 0)).isZero();
                                assertThat(NativeFs.unlinkat(AT_FDCWD, name + ".r", 0)).isZero();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(NativeFs.close(shared)).isZero();
            }
        }
        byte[] all = Files.readAllBytes(dir.resolve("shared"));
        assertThat(all).hasSize(ROUNDS * THREADS * CHUNK);
        for (long slot = 0; slot < (long) ROUNDS * THREADS; slot++) {
            ByteBuffer want = FsOps.pattern(slot, CHUNK);
            ByteBuffer got = ByteBuffer.wrap(all, (int) (slot * CHUNK), CHUNK);
            assertThat(got.equals(want)).as("slot %d of the shared file", slot).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".r"))).isEmpty();
        }
    }
}

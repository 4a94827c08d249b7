package org.duplex.resync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.duplex.resync.DurableDirtyRecorder;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.source.ResyncSource;
import org.duplex.resync.support.ApartWriter;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reintegration figures (prints, never asserts times). Run:
 * {@code mvn -o -pl service/resync test -Dtest=ResyncBenchmark -Dduplex.bench=true [-Dduplex.bench.mib=1024]}.
 *
 * <ol>
 *   <li>Incremental: dataset of N MiB in 16 MiB files, 1% of it changed in scattered 4 KiB writes
 *       while apart; ratio of bytes on the wire (both directions) to distinct bytes changed.</li>
 *   <li>Full sync of identical trees: bytes on the wire vs data, and time vs the time to read both
 *       trees with the same number of threads (page cache warm for both).</li>
 *   <li>Dirty journal: markDirty latency with 1 and 8 threads (group commit), beforeWrite on hot extents.</li>
 * </ol>
 */
@EnabledIfSystemProperty(named = "duplex.bench", matches = "true")
class ResyncBenchmark {
    private static final int FILE_MIB = 16;
    private static final ThreadLocal<ByteBuffer> READ_BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));

    @TempDir
    Path base;

    @Test
    void reintegrationFigures() throws Exception {
        int mib = Integer.getInteger("duplex.bench.mib", 1024);
        long seed = Long.getLong("duplex.bench.seed", 42);
        System.out.printf("ResyncBenchmark: dataset %d MiB in %d MiB files, seed %d, %d cpus%n",
                mib, FILE_MIB, seed, Runtime.getRuntime().availableProcessors());
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            long tc = System.nanoTime();
            List<String> files = createDataset(List.of(pair.sourceData, pair.targetData), mib, rnd);
            long data = (long) mib << 20;
            System.out.printf("dataset written to both trees in %.1f s (disk write %.0f MiB/s)%n", secs(tc), 2 * mib / secs(tc));

            long t0 = System.nanoTime();
            pair.run(Kind.FULL);
            System.out.printf("first full sync (same bytes, attributes differ): %.1f s, payload %d B%n", secs(t0),
                    pair.channel.dataBytesToTarget());

            // --- incremental: 1% in scattered 4 KiB writes
            ApartWriter apart = new ApartWriter(pair.sourceData, pair.sourceRecorder);
            int writes = (int) (data / 100 / 4096);
            Set<String> distinct = new HashSet<>();
            long tw = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                String f = files.get(rnd.nextInt(files.size()));
                long block = rnd.nextLong((long) FILE_MIB << 20 >> 12);
                byte[] d = new byte[4096];
                RandomTrees.fill(rnd, d);
                apart.write(f, block << 12, d);
                distinct.add(f + ":" + block);
            }
            double writeSecs = secs(tw);
            long changed = distinct.size() * 4096L;
            pair.channel.resetCounters();
            long ti = System.nanoTime();
            ResyncSource.Result inc = pair.run(Kind.INCREMENTAL);
            double incSecs = secs(ti);
            long wire = pair.channel.bytesToTarget() + pair.channel.bytesToSource();
            System.out.printf("incremental: %d writes of 4 KiB (%d distinct blocks, %d bytes changed) recorded in %.1f s"
                            + " (%.2f ms per markDirty incl. fsync)%n", writes, distinct.size(), changed, writeSecs,
                    writeSecs * 1000 / writes);
            System.out.printf("incremental: payload %d B, wire to target %d B, wire back %d B, %d requests;"
                            + " wire/changed = %.3f; payload/changed = %.3f; %.2f s%n",
                    pair.channel.dataBytesToTarget(), pair.channel.bytesToTarget(), pair.channel.bytesToSource(),
                    pair.channel.requests(), (double) wire / changed,
                    (double) pair.channel.dataBytesToTarget() / changed, incSecs);
            assertThat(inc.progress().bytesSent()).isEqualTo(pair.channel.dataBytesToTarget());

            // --- full sync of identical trees vs reading both trees, alternated to share the machine's noise;
            // "cold": this benchmark's own files are evicted from the page cache first (dd iflag=nocache)
            int rounds = Integer.getInteger("duplex.bench.rounds", 3);
            for (boolean cold : new boolean[] {false, true}) {
                List<Double> ratios = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double read = timed(cold, pair, () -> readBoth(pair.sourceData, pair.targetData, 6));
                    double hash = timed(cold, pair, () -> hashBoth(pair.sourceData, pair.targetData, 6));
                    pair.channel.resetCounters();
                    double full = timed(cold, pair, () -> {
                        pair.run(Kind.FULL);
                        return 0.0;
                    });
                    long fullWire = pair.channel.bytesToTarget() + pair.channel.bytesToSource();
                    ratios.add(full / read);
                    System.out.printf("full sync identical (%s cache), round %d: %.2f s; read both trees (6 threads) %.2f s;"
                                    + " read+xxHash64 both trees %.2f s; full/read = %.2f; wire %d B = %.4f%% of data;"
                                    + " payload %d B%n", cold ? "cold" : "warm", round, full, read, hash, full / read,
                            fullWire, 100.0 * fullWire / data, pair.channel.dataBytesToTarget());
                }
                ratios.sort(Double::compare);
                System.out.printf("full sync identical (%s cache): median full/read = %.2f over %d rounds%n",
                        cold ? "cold" : "warm", ratios.get(ratios.size() / 2), rounds);
            }
        }
        journalFigures();
    }

    private void journalFigures() throws Exception {
        Path var = base.resolve("journal-bench");
        try (DurableDirtyRecorder rec = DurableDirtyRecorder.open(var)) {
            int n = 500;
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                rec.markDirty("f", i * 8192L, 4096);
            }
            double single = secs(t);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            long t8 = System.nanoTime();
            for (int k = 0; k < 8; k++) {
                int thread = k;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < n; i++) {
                        rec.markDirty("g" + thread, i * 8192L, 4096);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double eight = secs(t8);
            pool.shutdown();
            rec.beforeWrite("hot", 0, 4096);
            long th = System.nanoTime();
            int hot = 1_000_000;
            for (int i = 0; i < hot; i++) {
                rec.beforeWrite("hot", (i % 1000) * 4096L, 4096);
            }
            double hotSecs = secs(th);
            System.out.printf("dirty journal: markDirty 1 thread %.0f/s (%.2f ms each); 8 threads %.0f/s total"
                            + " (group commit); beforeWrite on a hot extent %.0f/s (no I/O)%n",
                    n / single, single * 1000 / n, 8 * n / eight, hot / hotSecs);
        }
    }

    /** The same random files in every root (writing them is cheaper than copying them through resync). */
    private static List<String> createDataset(List<Path> roots, int mib, SplittableRandom rnd) throws IOException {
        List<String> files = new ArrayList<>();
        byte[] chunk = new byte[1 << 20];
        for (int f = 0; f < mib / FILE_MIB; f++) {
            String rel = "d" + (f % 8) + "/file" + f + ".dat";
            List<FileChannel> channels = new ArrayList<>();
            try {
                for (Path root : roots) {
                    Files.createDirectories(root.resolve(rel).getParent());
                    channels.add(FileChannel.open(root.resolve(rel), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                }
                for (int m = 0; m < FILE_MIB; m++) {
                    RandomTrees.fill(rnd, chunk);
                    for (FileChannel ch : channels) {
                        ch.write(ByteBuffer.wrap(chunk));
                    }
                }
            } finally {
                for (FileChannel ch : channels) {
                    ch.close();
                }
            }
            files.add(rel);
        }
        return files;
    }

    private interface Timed {
        double run() throws Exception;
    }

    /** Seconds {@code body} takes, after evicting both trees from the page cache when {@code cold}. */
    private static double timed(boolean cold, ResyncPair pair, Timed body) throws Exception {
        if (cold) {
            evict(pair.sourceData);
            evict(pair.targetData);
        }
        long t = System.nanoTime();
        double inner = body.run();
        return inner > 0 ? inner : secs(t);
    }

    /** Drops this tree's files (only these) from the page cache: GNU dd's nocache flag, after an fsync. */
    private static void evict(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Process dd = new ProcessBuilder("dd", "if=" + p, "iflag=nocache", "count=0", "status=none")
                        .redirectErrorStream(true).start();
                if (dd.waitFor() != 0) {
                    throw new IOException("dd nocache failed on " + p + ": " + new String(dd.getInputStream().readAllBytes()));
                }
            }
        }
    }

    /** Seconds to read and hash (as resync does) every regular file of both trees. */
    private static double hashBoth(Path a, Path b, int threads) throws Exception {
        List<Path> all = new ArrayList<>();
        for (Path root : List.of(a, b)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(all::add);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (Path p : all) {
            fs.add(pool.submit(() -> org.duplex.resync.hash.BlockHasher.digest(p, 65536, 0)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return secs(t);
    }

    /** Seconds to read every regular file of both trees with {@code threads} threads. */
    private static double readBoth(Path a, Path b, int threads) throws Exception {
        List<Path> all = new ArrayList<>();
        for (Path root : List.of(a, b)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(all::add);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t = System.nanoTime();
        List<Future<Long>> fs = new ArrayList<>();
        for (Path p : all) {
            fs.add(pool.submit(() -> {
                long n = 0;
                ByteBuffer buf = READ_BUFFERS.get(); // reused per thread, as the hasher does
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    int r;
                    buf.clear();
                    while ((r = ch.read(buf, n)) > 0) {
                        n += r;
                        buf.clear();
                    }
                }
                return n;
            }));
        }
        for (Future<Long> f : fs) {
            f.get();
        }
        pool.shutdown();
        return secs(t);
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

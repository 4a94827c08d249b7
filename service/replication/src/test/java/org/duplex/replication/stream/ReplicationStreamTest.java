package org.duplex.replication.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.testkit.MemoryDirtyRecorder;
import org.duplex.replication.testkit.ReplicaPair;
import org.duplex.replication.testkit.TreeSnapshot;
import org.duplex.replication.wire.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A primary pipeline and a secondary applier over real TCP on 127.0.0.1, two real directories. */
class ReplicationStreamTest {
    private static final int THREADS = 4;
    private static final int OPERATIONS_PER_THREAD = 400;
    private static final String[] FILES = {"f0", "f1", "f2", "f3", "d/f0", "d/f1"};
    private static final String[] LINKS = {"s0", "s1", "d/s2"};

    @TempDir Path base;

    @ParameterizedTest
    @EnumSource(AsyncMode.class)
    void concurrentOverlappingWritesAndNamespaceOperationsEndIdenticalOnTheSecondary(AsyncMode mode) throws Exception {
        runSeededMix(mode);
    }

    @Test
    void theSameMixEndsIdenticalWithTheNativeFsApplierOnTheSecondary() throws Exception {
        ReplicaPair.NATIVE_SECONDARY.set(true);
        try {
            runSeededMix(AsyncMode.NONE);
        } finally {
            ReplicaPair.NATIVE_SECONDARY.set(false);
        }
    }

    private void runSeededMix(AsyncMode mode) throws Exception {
        long seed = Long.getLong("replication.seed", new SplittableRandom().nextLong());
        System.out.println("ReplicationStreamTest seed=" + seed + " (reproduce with -Dreplication.seed=" + seed + ")");
        try (ReplicaPair pair = new ReplicaPair(base, mode)) {
            pair.pipeline.connect();
            assertThat(pair.execute(new Mkdir("d", 0755, 0, 0))).isZero();

            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                done.add(threads.submit(() -> runRandomOperations(pair, random)));
            }
            int succeeded = 0;
            for (Future<Integer> f : done) {
                succeeded += f.get(120, TimeUnit.SECONDS);
            }
            threads.shutdown();

            ReplicationPipeline.Stats stats = pair.pipeline.stats();
            await().atMost(Duration.ofSeconds(30)).until(() -> pair.pipeline.stats().durableThrough() == stats.lastSequence());
            assertThat(pair.peerEvents).as("seed %d", seed).containsExactly("connected");
            assertThat(succeeded).as("enough operations succeeded to mean something").isGreaterThan(THREADS * OPERATIONS_PER_THREAD / 3);
            assertThat(TreeSnapshot.of(pair.secondaryDir)).as("secondary tree, seed %d", seed)
                    .isEqualTo(TreeSnapshot.of(pair.primaryDir));
            assertThat(pair.recorder.dirty()).as("nothing dirty while connected").isEmpty();
            assertThat(pair.secondaryEvents).containsExactly("started at #1");
            System.out.printf("ReplicationStreamTest %s: %d operations, %d frames in %d flushes%n",
                    mode, stats.lastSequence(), pair.pipeline.stats().framesSent(), pair.pipeline.stats().flushes());
        }
    }

    private static int runRandomOperations(ReplicaPair pair, SplittableRandom random) {
        int succeeded = 0;
        for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
            if (pair.execute(randomMutation(random)) >= 0) {
                succeeded++;
            }
        }
        return succeeded;
    }

    private static Mutation randomMutation(SplittableRandom r) {
        String file = FILES[r.nextInt(FILES.length)];
        String other = FILES[r.nextInt(FILES.length)];
        int pick = r.nextInt(100);
        if (pick < 45) {
            byte[] data = new byte[1 + r.nextInt(4096)];
            r.nextBytes(data);
            return new Write(file, r.nextInt(32 * 1024), data, Mutation.NO_TIME);
        }
        return switch (pick) {
            case 45, 46, 47, 48, 49, 50, 51, 52 -> new Create(file, 0600 + r.nextInt(0100), 0, 0, Mutation.NO_TIME);
            case 53, 54, 55, 56 -> new Truncate(file, r.nextInt(40 * 1024), Mutation.NO_TIME);
            case 57, 58, 59 -> new Fallocate(file, new int[] {0, Fallocate.KEEP_SIZE | Fallocate.PUNCH_HOLE, Fallocate.ZERO_RANGE}[r.nextInt(3)],
                    r.nextInt(32 * 1024), 1 + r.nextInt(16 * 1024), Mutation.NO_TIME);
            case 60, 61, 62 -> new CopyRange(other, r.nextInt(8192), file, r.nextInt(32 * 1024), r.nextInt(8192), Mutation.NO_TIME);
            case 63, 64, 65, 66 -> new SetXattr(file, "user.k" + r.nextInt(3), new byte[] {(byte) r.nextInt(), 7}, 0);
            case 67, 68 -> new RemoveXattr(file, "user.k" + r.nextInt(3));
            case 69, 70, 71 -> new Chmod(file, 0600 + r.nextInt(0100));
            case 72, 73 -> new Chown(file, new int[] {0, 1000, 1001}[r.nextInt(3)], new int[] {0, 100}[r.nextInt(2)]);
            case 74, 75 -> new SetTimes(file, 1_600_000_000_000_000_000L + r.nextLong(1_000_000_000_000_000L),
                    1_600_000_000_000_000_000L + r.nextLong(1_000_000_000_000_000L));
            case 76, 77, 78 -> new Symlink(LINKS[r.nextInt(LINKS.length)], r.nextBoolean() ? "f1" : "../outside", 0, 0);
            case 79, 80, 81 -> new Unlink(r.nextBoolean() ? file : LINKS[r.nextInt(LINKS.length)]);
            case 82, 83, 84, 85 -> new Rename(file, other, RenameMode.values()[r.nextInt(3)]);
            case 86, 87 -> new Link(file, other);
            case 88, 89, 90, 91 -> new Fsync(file, r.nextBoolean());
            case 92, 93 -> new Mkdir("d/e", 0750, 0, 0);
            case 94, 95 -> new Rmdir("d/e");
            case 96, 97 -> new Write("d/e/inner", r.nextInt(4096), new byte[] {1, 2, 3}, Mutation.NO_TIME);
            default -> new Create("d/e/inner", 0644, 1000, 1000, Mutation.NO_TIME);
        };
    }

    @Test
    void overlappingWritesToOneFileReachTheSecondaryInTheirLocalOrder() throws Exception {
        long seed = Long.getLong("replication.seed", new SplittableRandom().nextLong());
        System.out.println("overlapping writes seed=" + seed + " (reproduce with -Dreplication.seed=" + seed + ")");
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.SECOND)) {
            pair.pipeline.connect();
            pair.execute(new Create("table", 0600, 0, 0, Mutation.NO_TIME));
            int threadCount = 8;
            ExecutorService threads = Executors.newFixedThreadPool(threadCount);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        byte[] page = new byte[512 + random.nextInt(2048)];
                        random.nextBytes(page);
                        pair.executeSlowly(new Write("table", random.nextInt(4096), page, Mutation.NO_TIME), random.nextInt(50));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            threads.shutdown();
            long last = pair.pipeline.stats().lastSequence();
            await().atMost(Duration.ofSeconds(30)).until(() -> pair.pipeline.stats().durableThrough() == last);

            byte[] primary = Files.readAllBytes(pair.primaryDir.resolve("table"));
            byte[] secondary = Files.readAllBytes(pair.secondaryDir.resolve("table"));
            assertThat(java.util.Arrays.mismatch(primary, secondary)).as("first differing byte, seed %d", seed).isEqualTo(-1);
        }
    }

    @Test
    void aSecondaryOfAnotherModuleRefusesTheHandshakeNamingBothIdentities() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.SECOND);
                ReplicationPipeline stranger = ReplicationPipeline.builder().moduleIdentity("other-module@cluster-9")
                        .peer(pair.secondary.address()).dirtyRecorder(new MemoryDirtyRecorder()).build()) {
            assertThatThrownBy(stranger::connect)
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.HANDSHAKE_REFUSED))
                    .hasMessageContaining("other-module@cluster-9").hasMessageContaining(ReplicaPair.MODULE);
            assertThat(stranger.isConnected()).isFalse();
        }
    }

    @Test
    void aFsyncReturnsOnlyOnceTheSecondaryHasTheBytes() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.SECOND)) {
            pair.pipeline.connect();
            pair.execute(new Create("wal", 0600, 0, 0, Mutation.NO_TIME));
            pair.execute(new Write("wal", 0, "commit 1".getBytes(), Mutation.NO_TIME));

            assertThat(pair.execute(new Fsync("wal", true))).isZero();

            assertThat(Files.readString(pair.secondaryDir.resolve("wal"))).isEqualTo("commit 1");
        }
    }

    @Test
    void notReplicatedPathsAreAppliedLocallyOnlyAndCannotBeRenamedIntoTheReplicatedSet() throws Exception {
        Path a = Files.createDirectories(base.resolve("A"));
        Path b = Files.createDirectories(base.resolve("B"));
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.SECOND, Duration.ofSeconds(30), applier -> applier,
                path -> path.equals("pg_stat_tmp") || path.startsWith("pg_stat_tmp/"))) {
            pair.pipeline.connect();
            assertThat(pair.execute(new Mkdir("pg_stat_tmp", 0700, 0, 0))).isZero();
            assertThat(pair.execute(new Create("pg_stat_tmp/global.stat", 0600, 0, 0, Mutation.NO_TIME))).isZero();
            assertThat(pair.execute(new Create("kept", 0600, 0, 0, Mutation.NO_TIME))).isZero();

            assertThat(pair.execute(new Rename("pg_stat_tmp/global.stat", "moved", RenameMode.REPLACE))).isEqualTo(-18);

            assertThat(Files.exists(a.resolve("pg_stat_tmp/global.stat"))).isTrue();
            assertThat(b.resolve("pg_stat_tmp")).doesNotExist();
            assertThat(b.resolve("kept")).exists();
        }
    }
}

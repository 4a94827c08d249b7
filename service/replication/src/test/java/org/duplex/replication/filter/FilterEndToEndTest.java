package org.duplex.replication.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duplex.fs.filter.FilterMode;
import org.duplex.fs.filter.FilterMount;
import org.duplex.fs.filter.PassthroughHandler;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.secondary.NativeMutationApplier;
import org.duplex.replication.secondary.SecondaryListener;
import org.duplex.replication.secondary.SecondaryServer;
import org.duplex.replication.testkit.MemoryDirtyRecorder;
import org.duplex.replication.testkit.MemoryDirtyRecorder.Region;
import org.duplex.replication.testkit.TreeSnapshot;
import org.duplex.replication.wire.FrameFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data path in one process: applications write through a real FUSE mount of directory A
 * whose handler is the {@link ReplicatingHandler}; the secondary applies into directory B over
 * loopback TCP. Needs root (FUSE mount), like fs's own filter tests.
 */
class FilterEndToEndTest {
    private static final String MODULE = "e2e@cluster";
    private static final int THREADS = 4;
    private static final int CUT_WRITES_PER_THREAD = 600;

    @TempDir Path base;
    private Path primary;
    private Path secondaryDir;
    private final MemoryDirtyRecorder recorder = new MemoryDirtyRecorder();
    private SecondaryServer secondary;
    private ReplicationPipeline pipeline;
    private FilterMount mount;
    private UnderlyingInodes inodes;

    private void start(AsyncMode mode) throws IOException {
        primary = Files.createDirectories(base.resolve("A"));
        secondaryDir = Files.createDirectories(base.resolve("B"));
        secondary = new SecondaryServer(new InetSocketAddress("127.0.0.1", 0), MODULE, new NativeMutationApplier(secondaryDir),
                SecondaryListener.NONE, FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(5)).start();
        pipeline = ReplicationPipeline.builder().moduleIdentity(MODULE).peer(secondary.address()).asyncMode(mode)
                .ackTimeout(Duration.ofSeconds(2)).dirtyRecorder(recorder).fileIdentity(inodes = new UnderlyingInodes(primary)).build();
        pipeline.connect();
        mount = FilterMount.mount(primary, new ReplicatingHandler(new PassthroughHandler(), pipeline, primary), FilterMode.READ_WRITE, 8);
    }

    @AfterEach
    void stop() {
        if (mount != null) {
            mount.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (secondary != null) {
            secondary.close();
        }
        if (inodes != null) {
            inodes.close();
        }
    }

    private void awaitSecondaryCaughtUp() {
        long last = pipeline.stats().lastSequence();
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stats().durableThrough() >= last);
    }

    @Test
    void aSeededConcurrentOperationMixThroughTheMountLeavesTheSecondaryByteIdentical() throws Exception {
        long seed = Long.getLong("replication.seed", new SplittableRandom().nextLong());
        System.out.println("FilterEndToEndTest seed=" + seed + " (reproduce with -Dreplication.seed=" + seed + ")");
        start(AsyncMode.SECOND);
        Files.createDirectories(primary.resolve("sub/deeper"));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(seed + t);
            done.add(threads.submit(() -> runOperations(random, 250)));
        }
        int succeeded = 0;
        for (Future<Integer> f : done) {
            succeeded += f.get(180, TimeUnit.SECONDS);
        }
        threads.shutdown();
        awaitSecondaryCaughtUp();
        assertThat(pipeline.isConnected()).as("seed %d", seed).isTrue();
        mount.close();
        mount = null;

        assertThat(succeeded).isGreaterThan(THREADS * 250 / 3);
        assertThat(TreeSnapshot.of(secondaryDir)).as("seed %d", seed).isEqualTo(TreeSnapshot.of(primary));
        System.out.printf("FilterEndToEndTest: %d operations through the mount, %d replicated%n", succeeded, pipeline.stats().lastSequence());
    }

    /** Random application behaviour on the mount; returns how many operations succeeded. */
    private int runOperations(SplittableRandom r, int count) {
        String[] files = {"a", "b", "c", "sub/d", "sub/deeper/e"};
        int succeeded = 0;
        for (int i = 0; i < count; i++) {
            Path file = primary.resolve(files[r.nextInt(files.length)]);
            Path other = primary.resolve(files[r.nextInt(files.length)]);
            try {
                int pick = r.nextInt(100);
                if (pick < 40) {
                    byte[] data = new byte[1 + r.nextInt(16384)];
                    r.nextBytes(data);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(data), r.nextInt(65536));
                    }
                } else if (pick < 48) {
                    Files.write(file, ("line " + i + "\n").getBytes(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else if (pick < 53) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(r.nextInt(40000));
                    }
                } else if (pick < 57) {
                    Files.write(file, new byte[r.nextInt(100)]); // O_TRUNC on open
                } else if (pick < 62) {
                    Files.move(file, other, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else if (pick < 66) {
                    Files.delete(file);
                } else if (pick < 70) {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
                            r.nextBoolean() ? "rw-r-----" : "rwxr-xr-x"));
                } else if (pick < 74) {
                    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                            .write("k" + r.nextInt(3), ByteBuffer.wrap(new byte[] {(byte) i, 1, 2}));
                } else if (pick < 77) {
                    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + r.nextInt(1_000_000)));
                } else if (pick < 80) {
                    Files.createSymbolicLink(primary.resolve("link" + r.nextInt(3)), Path.of(r.nextBoolean() ? "a" : "../../etc"));
                } else if (pick < 83) {
                    Files.delete(primary.resolve("link" + r.nextInt(3)));
                } else if (pick < 86) {
                    Files.createLink(other, file);
                } else if (pick < 92) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(new byte[] {(byte) i}), r.nextInt(1000));
                        ch.force(r.nextBoolean());
                    }
                } else if (pick < 96) {
                    Files.createDirectory(primary.resolve("sub/dir" + r.nextInt(2)));
                } else {
                    Files.delete(primary.resolve("sub/dir" + r.nextInt(2)));
                }
                succeeded++;
            } catch (IOException expected) {
                // A missing file, an existing name, a non-empty directory: the application's own error.
            }
        }
        return succeeded;
    }

    @Test
    void whenTheConnectionIsCutMidStreamEveryWriteAcknowledgedWhileConnectedIsOnTheSecondary() throws Exception {
        start(AsyncMode.NONE);
        AtomicBoolean cutStarted = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<List<long[]>>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Path file = primary.resolve("t" + t);
            done.add(threads.submit(() -> {
                List<long[]> acknowledged = new ArrayList<>(); // {offset, beforeCut ? 1 : 0}
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    for (int i = 0; i < CUT_WRITES_PER_THREAD; i++) {
                        byte[] block = new byte[4096];
                        Arrays.fill(block, (byte) (i % 251 + 1));
                        ch.write(ByteBuffer.wrap(block), i * 4096L);
                        acknowledged.add(new long[] {i * 4096L, cutStarted.get() ? 0 : 1});
                    }
                }
                return acknowledged;
            }));
        }
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(60)).until(() -> pipeline.stats().lastSequence() > 400);
        cutStarted.set(true);
        secondary.dropCurrentStream();
        List<List<long[]>> perThread = new ArrayList<>();
        for (Future<List<long[]>> f : done) {
            perThread.add(f.get(120, TimeUnit.SECONDS));
        }
        threads.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.isConnected());
        mount.close();
        mount = null;

        List<Region> dirty = recorder.dirty();
        int beforeCut = 0;
        for (int t = 0; t < THREADS; t++) {
            byte[] onSecondary = Files.exists(secondaryDir.resolve("t" + t)) ? Files.readAllBytes(secondaryDir.resolve("t" + t)) : new byte[0];
            for (long[] write : perThread.get(t)) {
                int offset = (int) write[0];
                byte[] expected = new byte[4096];
                Arrays.fill(expected, (byte) (offset / 4096 % 251 + 1));
                boolean present = onSecondary.length >= offset + 4096
                        && Arrays.equals(onSecondary, offset, offset + 4096, expected, 0, 4096);
                if (write[1] == 1) {
                    beforeCut++;
                    assertThat(present).as("t%d write at %d acknowledged before the cut is on the secondary", t, offset).isTrue();
                } else {
                    assertThat(present || dirty.contains(new Region("t" + t, offset, 4096)))
                            .as("t%d write at %d is on the secondary or recorded dirty", t, offset).isTrue();
                }
            }
        }
        assertThat(beforeCut).isGreaterThan(0).isLessThan(THREADS * CUT_WRITES_PER_THREAD);
    }
}

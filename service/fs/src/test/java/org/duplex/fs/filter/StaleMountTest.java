package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that dies with its filter mounted: applications get ENOTCONN at once (no hang), and the
 * next mount on the same directory detaches the stale mount and serves again.
 */
class StaleMountTest {
    @TempDir
    Path dir;
    Process child;

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Whatever happened, leave no mount behind.
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + dir + " ")) {
            NativeFs.umount2(dir.toString(), NativeFs.MNT_DETACH);
        }
    }

    @Test
    void deadServerGivesEnotconnAndTheNextMountCleansUp() throws Exception {
        Files.writeString(dir.resolve("f"), "data");
        startMountedChild();

        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long[] st = new long[FileStat.FIELDS];
        assertThat(NativeFs.fstatat(NativeFs.AT_FDCWD, dir.toString(), 0, st)).isEqualTo(-Errno.ENOTCONN);

        try (FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 2)) {
            assertThat(Files.readString(dir.resolve("f"))).isEqualTo("data");
            Files.writeString(dir.resolve("g"), "after");
        }
        assertThat(Files.readString(dir.resolve("g"))).isEqualTo("after");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + dir + " ");
    }

    @Test
    void sigtermUnmountsCleanly() throws Exception {
        startMountedChild();
        child.destroy();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + dir + " ");
        assertThat(NativeFs.statfsType(dir.toString())).isNotEqualTo(NativeFs.FUSE_SUPER_MAGIC).isPositive();
    }

    private void startMountedChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), MountHolderMain.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.equals("mounted")) {
                        return l;
                    }
                }
                return "child exited before mounting";
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).isEqualTo("mounted");
        assertThat(NativeFs.statfsType(dir.toString())).isEqualTo(NativeFs.FUSE_SUPER_MAGIC);
    }

    @Test
    void aSecondFilterOnTheSameDirectoryIsRefused() {
        try (FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 2)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 2))
                    .hasMessageContaining(dir.toString()).hasMessageContaining("already mounted");
        }
    }

    @Test
    void anUnmountFromOutsideIsNoticed() throws Exception {
        FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 2);
        try {
            assertThat(m.isServing()).isTrue();
            assertThat(NativeFs.umount2(dir.toString(), 0)).isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !m.isServing());
        } finally {
            m.close();
        }
        assertThat(m.isServing()).isFalse();
        m.unmount(); // already let go: a no-op, no error
    }

    @Test
    void closeWhileBusyDetachesAndKeepsServingOpenFiles() throws Exception {
        FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 2);
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, dir + "/f", NativeFs.O_CREAT | NativeFs.O_RDWR, 0644);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        try {
            m.close();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + dir + " ");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
            assertThat(NativeFs.pwrite(fd, b, 0)).as("a file opened before the detach still works").isEqualTo(3);
        } finally {
            assertThat(NativeFs.close(fd)).isZero();
        }
        assertThat(Files.readAllBytes(dir.resolve("f"))).containsExactly(1, 2, 3);
    }
}

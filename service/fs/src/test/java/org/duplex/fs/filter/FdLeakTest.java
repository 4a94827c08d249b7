package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mount, churn (creates, opens, renames, unlinks, listings that register hundreds of inodes),
 * unmount: the process must hold exactly as many fds afterwards as before (inode O_PATH fds, open
 * files, directory handles, /dev/fuse all closed).
 */
class FdLeakTest {
    @TempDir
    Path dir;

    private static long openFds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private void cycle() throws Exception {
        try (FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 4)) {
            String root = dir + "/";
            assertThat(NativeFs.mkdirat(AT_FDCWD, root + "d", 0755)).isZero();
            for (int i = 0; i < 300; i++) {
                int fd = NativeFs.openat(AT_FDCWD, root + "d/f" + i, NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
                assertThat(fd).isGreaterThanOrEqualTo(0);
                assertThat(NativeFs.close(fd)).isZero();
            }
            try (Stream<Path> list = Files.list(dir.resolve("d"))) {
                assertThat(list.count()).isEqualTo(300);
            }
            assertThat(NativeFs.renameat2(AT_FDCWD, root + "d", AT_FDCWD, root + "e", 0)).isZero();
            for (int i = 0; i < 300; i++) {
                assertThat(NativeFs.unlinkat(AT_FDCWD, root + "e/f" + i, 0)).isZero();
            }
            assertThat(NativeFs.unlinkat(AT_FDCWD, root + "e", NativeFs.AT_REMOVEDIR)).isZero();
        }
    }

    @Test
    void aMountCycleLeavesNoFdBehind() throws Exception {
        cycle(); // warm-up: classes, logging, the native library
        long before = openFds();
        cycle();
        cycle();
        assertThat(openFds()).isEqualTo(before);
    }
}

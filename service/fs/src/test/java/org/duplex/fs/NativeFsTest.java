package org.duplex.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;
import static org.duplex.fs.NativeFs.AT_SYMLINK_NOFOLLOW;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syscall wrappers against a real directory: results, errno mapping, buffers untouched. */
class NativeFsTest {
    @TempDir
    Path tmp;
    int dirfd = -1;

    @BeforeEach
    void openDir() {
        dirfd = NativeFs.openat(AT_FDCWD, tmp.toString(), NativeFs.O_PATH | NativeFs.O_DIRECTORY, 0);
        assertThat(dirfd).isGreaterThanOrEqualTo(0);
    }

    @AfterEach
    void closeDir() {
        assertThat(NativeFs.close(dirfd)).isZero();
    }

    @Test
    void writesReadsAndStatsThroughFds() throws Exception {
        int fd = NativeFs.openat(dirfd, "f", NativeFs.O_CREAT | NativeFs.O_RDWR | NativeFs.O_EXCL, 0640);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        ByteBuffer data = ByteBuffer.allocateDirect(5).put("hello".getBytes(StandardCharsets.UTF_8)).flip();
        assertThat(NativeFs.pwrite(fd, data, 10)).isEqualTo(5);
        assertThat(data.position()).as("pwrite leaves the buffer's position alone").isZero();
        ByteBuffer back = ByteBuffer.allocateDirect(5);
        assertThat(NativeFs.pread(fd, back, 10)).isEqualTo(5);
        assertThat(StandardCharsets.UTF_8.decode(back).toString()).isEqualTo("hello");
        FileStat st = FileStat.of(fd);
        assertThat(st.size()).isEqualTo(15);
        assertThat(st.isRegularFile()).isTrue();
        assertThat(st.permissions()).isEqualTo(0640 & ~0022 & 0640);
        assertThat(NativeFs.ftruncate(fd, 3)).isZero();
        assertThat(FileStat.at(dirfd, "f", 0).size()).isEqualTo(3);
        assertThat(NativeFs.fsync(fd)).isZero();
        assertThat(NativeFs.close(fd)).isZero();
        assertThat(NativeFs.close(fd)).isEqualTo(-Errno.EBADF);
    }

    @Test
    void namespaceCallsReturnTheRightErrno() {
        assertThat(NativeFs.unlinkat(dirfd, "missing", 0)).isEqualTo(-Errno.ENOENT);
        assertThat(NativeFs.mkdirat(dirfd, "d", 0755)).isZero();
        assertThat(NativeFs.mkdirat(dirfd, "d", 0755)).isEqualTo(-Errno.EEXIST);
        assertThat(NativeFs.mknodat(dirfd, "d/f", NativeFs.S_IFREG | 0644, 0)).isZero();
        assertThat(NativeFs.unlinkat(dirfd, "d", NativeFs.AT_REMOVEDIR)).isEqualTo(-Errno.ENOTEMPTY);
        assertThat(NativeFs.mknodat(dirfd, "g", NativeFs.S_IFREG | 0644, 0)).isZero();
        assertThat(NativeFs.renameat2(dirfd, "g", dirfd, "d/f", NativeFs.RENAME_NOREPLACE)).isEqualTo(-Errno.EEXIST);
        assertThat(NativeFs.renameat2(dirfd, "g", dirfd, "d", NativeFs.RENAME_EXCHANGE)).isZero();
        assertThat(Files.isDirectory(tmp.resolve("g"))).isTrue();
        assertThat(NativeFs.symlinkat("g/f", dirfd, "ln")).isZero();
        int[] err = new int[1];
        assertThat(NativeFs.readlinkat(dirfd, "ln", err)).isEqualTo("g/f");
        assertThat(NativeFs.readlinkat(dirfd, "d", err)).isNull();
        assertThat(err[0]).isEqualTo(Errno.EINVAL);
        assertThat(NativeFs.linkat(dirfd, "g/f", dirfd, "hard", 0)).isZero();
        assertThat(NativeFs.fstatat(dirfd, "hard", AT_SYMLINK_NOFOLLOW, new long[FileStat.FIELDS])).isZero();
    }

    @Test
    void openBeneathRefusesEscapes() {
        assertThat(NativeFs.symlinkat("/etc/passwd", dirfd, "escape")).isZero();
        assertThat(NativeFs.openBeneath(dirfd, "escape", NativeFs.O_RDONLY, 0)).isEqualTo(-Errno.EXDEV);
        assertThat(NativeFs.openBeneath(dirfd, "../x", NativeFs.O_RDONLY, 0)).isEqualTo(-Errno.EXDEV);
        int fd = NativeFs.openBeneath(dirfd, "new", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0600);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        assertThat(NativeFs.close(fd)).isZero();
    }

    @Test
    void attributesAndXattrs() throws Exception {
        assertThat(NativeFs.mknodat(dirfd, "f", NativeFs.S_IFREG | 0600, 0)).isZero();
        String f = tmp.resolve("f").toString();
        assertThat(NativeFs.fchmodat(dirfd, "f", 0751, 0)).isZero();
        assertThat(NativeFs.fchownat(dirfd, "f", 65534, 65534, AT_SYMLINK_NOFOLLOW)).isZero();
        assertThat(NativeFs.utimensat(dirfd, "f", 1000, 5, 2000, 7, 0)).isZero();
        FileStat st = FileStat.at(dirfd, "f", 0);
        assertThat(st.permissions()).isEqualTo(0751);
        assertThat(st.uid()).isEqualTo(65534);
        assertThat(st.mtimeSec()).isEqualTo(2000);
        assertThat(st.mtimeNsec()).isEqualTo(7);
        assertThat(st.atimeSec()).isEqualTo(1000);
        assertThat(NativeFs.utimensat(dirfd, "f", 0, NativeFs.UTIME_OMIT, 0, NativeFs.UTIME_NOW, 0)).isZero();
        assertThat(FileStat.at(dirfd, "f", 0).mtimeSec()).isGreaterThan(2000);
        assertThat(FileStat.at(dirfd, "f", 0).atimeSec()).isEqualTo(1000);

        byte[] v = {1, 2, 3};
        assertThat(NativeFs.lsetxattr(f, "user.k", v, NativeFs.XATTR_CREATE)).isZero();
        assertThat(NativeFs.lsetxattr(f, "user.k", v, NativeFs.XATTR_CREATE)).isEqualTo(-Errno.EEXIST);
        int[] err = new int[1];
        assertThat(NativeFs.lgetxattr(f, "user.k", err)).containsExactly(1, 2, 3);
        assertThat(NativeFs.lremovexattr(f, "user.k")).isZero();
        assertThat(NativeFs.lgetxattr(f, "user.k", err)).isNull();
        assertThat(err[0]).isEqualTo(Errno.ENODATA);
    }

    @Test
    void errnoNamesAreReadable() {
        assertThat(Errno.describe(-Errno.ENOENT)).startsWith("ENOENT (").contains("No such file");
        assertThat(Errno.name(9999)).isEqualTo("errno 9999");
    }
}

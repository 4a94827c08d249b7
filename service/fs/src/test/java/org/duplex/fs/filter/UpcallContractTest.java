package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real mount: every mutating operation reaches the handler exactly once (with the
 * right relative path), reads never do, write buffers are direct, read-only mode refuses with
 * EROFS before the handler, a throwing handler gives EIO.
 */
class UpcallContractTest {
    @TempDir
    Path dir;
    RecordingHandler handler;
    FilterMount mount;
    String root;

    @BeforeEach
    void mount() {
        handler = new RecordingHandler();
        mount = FilterMount.mount(dir, handler, FilterMode.READ_WRITE, 4);
        root = dir.toString() + "/";
    }

    @AfterEach
    void unmount() throws Exception {
        mount.close();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + dir + " ");
    }

    private int open(String rel, int flags, int mode) {
        int fd = NativeFs.openat(AT_FDCWD, root + rel, flags, mode);
        assertThat(fd).as("open %s", rel).isGreaterThanOrEqualTo(0);
        return fd;
    }

    private static ByteBuffer bytes(String s) {
        byte[] b = s.getBytes();
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    @Test
    void eachMutationIsOneUpcallAndReadsAreNone() throws Exception {
        int fd = open("f", NativeFs.O_CREAT | NativeFs.O_EXCL | NativeFs.O_RDWR, 0644);
        assertThat(handler.drain()).containsExactly("create f");
        assertThat(NativeFs.pwrite(fd, bytes("0123456789"), 0)).isEqualTo(10);
        assertThat(handler.drain()).containsExactly("write f @0 +10");
        assertThat(handler.lastWriteBufferDirect).isTrue();
        assertThat(NativeFs.fsync(fd)).isZero();
        assertThat(NativeFs.fdatasync(fd)).isZero();
        assertThat(NativeFs.fallocate(fd, 0, 0, 8192)).isZero();
        assertThat(NativeFs.ftruncate(fd, 5)).isZero();
        assertThat(handler.drain()).containsExactly("fsync f", "fdatasync f", "fallocate f", "setattr f valid 8");
        assertThat(NativeFs.close(fd)).isZero();

        // Reads: none of these may reach Java.
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("01234");
        assertThat(FileStat.at(AT_FDCWD, root + "f", 0).size()).isEqualTo(5);
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("f");
        }
        int[] err = new int[1];
        assertThat(NativeFs.lgetxattr(root + "f", "user.none", err)).isNull();
        assertThat(Files.getFileStore(dir).getTotalSpace()).isPositive();
        assertThat(handler.drain()).isEmpty();

        assertThat(NativeFs.mkdirat(AT_FDCWD, root + "d", 0755)).isZero();
        assertThat(NativeFs.renameat2(AT_FDCWD, root + "f", AT_FDCWD, root + "d/g", 0)).isZero();
        assertThat(NativeFs.linkat(AT_FDCWD, root + "d/g", AT_FDCWD, root + "h", 0)).isZero();
        assertThat(NativeFs.symlinkat("d/g", AT_FDCWD, root + "s")).isZero();
        assertThat(NativeFs.readlinkat(AT_FDCWD, root + "s", err)).isEqualTo("d/g");
        assertThat(NativeFs.mknodat(AT_FDCWD, root + "fifo", NativeFs.S_IFIFO | 0600, 0)).isZero();
        assertThat(handler.drain()).containsExactly("mkdir d", "rename f to d/g", "link d/g as h", "symlink s -> d/g",
                "mknod fifo");

        assertThat(NativeFs.fchmodat(AT_FDCWD, root + "h", 0600, 0)).isZero();
        assertThat(NativeFs.utimensat(AT_FDCWD, root + "h", 1, 0, 2, 0, 0)).isZero();
        assertThat(NativeFs.lsetxattr(root + "h", "user.k", new byte[] {1}, 0)).isZero();
        assertThat(NativeFs.lremovexattr(root + "h", "user.k")).isZero();
        assertThat(handler.drain()).containsExactly("setattr d/g valid 1", "setattr d/g valid 48",
                "setxattr d/g user.k", "removexattr d/g user.k");

        fd = open("h", NativeFs.O_WRONLY | NativeFs.O_TRUNC, 0);
        assertThat(handler.drain()).containsExactly("truncateOnOpen d/g");
        int out = open("copy", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        assertThat(NativeFs.pwrite(fd, bytes("abc"), 0)).isEqualTo(3);
        int in = open("h", NativeFs.O_RDONLY, 0);
        assertThat(NativeFs.copyFileRange(in, 0, out, 0, 3, 0)).isEqualTo(3);
        assertThat(handler.drain()).containsExactly("create copy", "write d/g @0 +3", "copyFileRange d/g to copy");
        for (int f : new int[] {fd, out, in}) {
            assertThat(NativeFs.close(f)).isZero();
        }

        int dfd = open("d", NativeFs.O_RDONLY | NativeFs.O_DIRECTORY, 0);
        assertThat(NativeFs.fsync(dfd)).isZero();
        assertThat(NativeFs.close(dfd)).isZero();
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "h", 0)).isZero();
        assertThat(NativeFs.renameat2(AT_FDCWD, root + "copy", AT_FDCWD, root + "s", NativeFs.RENAME_EXCHANGE)).isZero();
        assertThat(handler.drain()).containsExactly("fsyncdir d", "unlink h", "rename copy to s flags 2");
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "d", NativeFs.AT_REMOVEDIR)).isEqualTo(-Errno.ENOTEMPTY);
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "d/g", 0)).isZero();
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "d", NativeFs.AT_REMOVEDIR)).isZero();
        assertThat(handler.drain()).containsExactly("rmdir d", "unlink d/g", "rmdir d");
    }

    @Test
    void pathsFollowRenamesAndVanishWithTheLastName() {
        assertThat(NativeFs.mkdirat(AT_FDCWD, root + "a", 0755)).isZero();
        int fd = open("a/f", NativeFs.O_CREAT | NativeFs.O_RDWR, 0644);
        assertThat(NativeFs.renameat2(AT_FDCWD, root + "a", AT_FDCWD, root + "b", 0)).isZero();
        handler.drain();
        assertThat(NativeFs.pwrite(fd, bytes("x"), 0)).isEqualTo(1);
        assertThat(handler.drain()).containsExactly("write b/f @0 +1");
        assertThat(NativeFs.linkat(AT_FDCWD, root + "b/f", AT_FDCWD, root + "g", 0)).isZero();
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "b/f", 0)).isZero();
        handler.drain();
        assertThat(NativeFs.pwrite(fd, bytes("y"), 1)).isEqualTo(1);
        assertThat(handler.drain()).containsExactly("write g @1 +1");
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "g", 0)).isZero();
        handler.drain();
        assertThat(NativeFs.pwrite(fd, bytes("z"), 2)).as("an unlinked open file stays writable").isEqualTo(1);
        assertThat(handler.drain()).containsExactly("write null @2 +1");
        assertThat(NativeFs.close(fd)).isZero();
    }

    @Test
    void appendWritesArriveWithAbsoluteOffsets() throws Exception {
        Files.writeString(dir.resolve("log"), "12345");
        handler.drain();
        int fd = open("log", NativeFs.O_WRONLY | NativeFs.O_APPEND, 0);
        assertThat(NativeFs.pwrite(fd, bytes("ab"), 0)).isEqualTo(2);
        assertThat(NativeFs.close(fd)).isZero();
        assertThat(handler.drain()).containsExactly("write log @5 +2");
        assertThat(Files.readString(dir.resolve("log"))).isEqualTo("12345ab");
    }

    @Test
    void readOnlyModeRefusesEveryMutationBeforeTheHandler() throws Exception {
        Files.writeString(dir.resolve("f"), "data");
        int fd = open("f", NativeFs.O_RDWR, 0);
        handler.drain();
        mount.setMode(FilterMode.READ_ONLY);
        assertThat(NativeFs.pwrite(fd, bytes("x"), 0)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.openat(AT_FDCWD, root + "g", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.openat(AT_FDCWD, root + "f", NativeFs.O_WRONLY | NativeFs.O_TRUNC, 0)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.mkdirat(AT_FDCWD, root + "d", 0755)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.unlinkat(AT_FDCWD, root + "f", 0)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.fchmodat(AT_FDCWD, root + "f", 0600, 0)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.fsync(fd)).isEqualTo(-Errno.EROFS);
        assertThat(NativeFs.openat(AT_FDCWD, root + "f", NativeFs.O_RDWR, 0)).isEqualTo(-Errno.EROFS);
        int ro = open("f", NativeFs.O_RDONLY, 0);
        assertThat(NativeFs.close(ro)).isZero();
        assertThat(Files.readString(dir.resolve("f"))).as("reads still served").isEqualTo("data");
        assertThat(handler.drain()).isEmpty();
        mount.setMode(FilterMode.READ_WRITE);
        assertThat(NativeFs.pwrite(fd, bytes("D"), 0)).isEqualTo(1);
        assertThat(NativeFs.close(fd)).isZero();
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("Data");
    }

    @Test
    void callerIsTheApplicationProcess() {
        int fd = open("f", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        assertThat(NativeFs.close(fd)).isZero();
        handler.drain();
        assertThat(NativeFs.mkdirat(AT_FDCWD, root + "d", 0755)).isZero();
        List<Caller> callers = handler.callers();
        assertThat(callers).hasSize(1);
        assertThat(Path.of("/proc/self/task/" + callers.get(0).pid()))
                .as("the caller's pid is a thread of this process").exists();
        assertThat(callers.get(0).uid()).isZero();
    }

    @Test
    void nonUtf8NamesAreRefusedWithEilseq() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "touch \"$0\"/$'\\xff'", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isNotZero();
        assertThat(out).contains("Invalid or incomplete multibyte or wide character");
        assertThat(handler.drain()).isEmpty();
    }

    @Test
    void aOneMebibyteWriteIsOneUpcall() {
        int fd = open("big", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        handler.drain();
        assertThat(NativeFs.pwrite(fd, ByteBuffer.allocateDirect(1 << 20), 0)).isEqualTo(1 << 20);
        assertThat(NativeFs.close(fd)).isZero();
        assertThat(handler.drain()).containsExactly("write big @0 +1048576");
    }

    @Test
    void unmountRefusesWhileBusyAndCloseDetaches() {
        int fd = open("f", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(mount::unmount)
                    .isInstanceOf(org.duplex.common.UserError.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("EBUSY");
            assertThat(NativeFs.pwrite(fd, bytes("still served"), 0)).isEqualTo(12);
        } finally {
            assertThat(NativeFs.close(fd)).isZero();
        }
    }

    @Test
    void largeDirectoriesListCompletely() throws Exception {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int i = 0; i < 1500; i++) {
            String n = "file-with-a-longish-name-" + i;
            names.add(n);
            assertThat(NativeFs.mknodat(AT_FDCWD, root + n, NativeFs.S_IFREG | 0644, 0)).isZero();
        }
        try (var list = Files.list(dir)) {
            java.util.Set<String> listed = new java.util.TreeSet<>();
            list.forEach(p -> listed.add(p.getFileName().toString()));
            assertThat(listed).isEqualTo(names);
        }
    }

    @Test
    void nonAsciiUtf8NamesArePassedIntact() {
        assertThat(NativeFs.mkdirat(AT_FDCWD, root + "répertoire", 0755)).isZero();
        int fd = open("répertoire/日本語 📹", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        assertThat(NativeFs.pwrite(fd, bytes("x"), 0)).isEqualTo(1);
        assertThat(NativeFs.close(fd)).isZero();
        assertThat(handler.drain()).containsExactly("mkdir répertoire", "create répertoire/日本語 📹",
                "write répertoire/日本語 📹 @0 +1");
    }
}

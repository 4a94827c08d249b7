package org.duplex.fs.filter;

import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;

/**
 * The operations of the randomized comparison, applied under one root directory. Each returns a
 * short outcome ("ok 5", "ENOENT", ...) that must be identical for the plain directory and the
 * mount.
 */
final class FsOps {
    private final String root;

    FsOps(Path root) {
        this.root = root.toString();
    }

    String abs(String rel) {
        return root + "/" + rel;
    }

    static String outcome(long r) {
        return r < 0 ? Errno.name((int) r) : "ok " + r;
    }

    static ByteBuffer pattern(long seed, int length) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) (seed * 31 + i * 7));
        }
        return b.flip();
    }

    String create(String rel, int mode) {
        int fd = NativeFs.openat(AT_FDCWD, abs(rel), NativeFs.O_CREAT | NativeFs.O_EXCL | NativeFs.O_WRONLY, mode);
        return fd < 0 ? outcome(fd) : outcome(NativeFs.close(fd));
    }

    String writeAt(String rel, long offset, int length, long seed, boolean append) {
        int flags = NativeFs.O_WRONLY | NativeFs.O_CREAT | (append ? NativeFs.O_APPEND : 0);
        int fd = NativeFs.openat(AT_FDCWD, abs(rel), flags, 0644);
        if (fd < 0) {
            return outcome(fd);
        }
        String r = outcome(NativeFs.pwrite(fd, pattern(seed, length), offset));
        NativeFs.close(fd);
        return r;
    }

    String truncate(String rel, long size) {
        return outcome(NativeFs.truncate(abs(rel), size));
    }

    String openTruncate(String rel) {
        int fd = NativeFs.openat(AT_FDCWD, abs(rel), NativeFs.O_WRONLY | NativeFs.O_TRUNC, 0);
        return fd < 0 ? outcome(fd) : outcome(NativeFs.close(fd));
    }

    String mkdir(String rel) {
        return outcome(NativeFs.mkdirat(AT_FDCWD, abs(rel), 0755));
    }

    String rmdir(String rel) {
        return outcome(NativeFs.unlinkat(AT_FDCWD, abs(rel), NativeFs.AT_REMOVEDIR));
    }

    String unlink(String rel) {
        return outcome(NativeFs.unlinkat(AT_FDCWD, abs(rel), 0));
    }

    String rename(String from, String to, int flags) {
        return outcome(NativeFs.renameat2(AT_FDCWD, abs(from), AT_FDCWD, abs(to), flags));
    }

    String link(String from, String to) {
        return outcome(NativeFs.linkat(AT_FDCWD, abs(from), AT_FDCWD, abs(to), 0));
    }

    String symlink(String target, String rel) {
        return outcome(NativeFs.symlinkat(target, AT_FDCWD, abs(rel)));
    }

    String chmod(String rel, int mode) {
        return outcome(NativeFs.fchmodat(AT_FDCWD, abs(rel), mode, 0));
    }

    String setxattr(String rel, String name, byte[] value, int flags) {
        return outcome(NativeFs.lsetxattr(abs(rel), name, value, flags));
    }

    String removexattr(String rel, String name) {
        return outcome(NativeFs.lremovexattr(abs(rel), name));
    }

    String punchHole(String rel, long offset, long length) {
        int fd = NativeFs.openat(AT_FDCWD, abs(rel), NativeFs.O_WRONLY, 0);
        if (fd < 0) {
            return outcome(fd);
        }
        String r = outcome(NativeFs.fallocate(fd, NativeFs.FALLOC_FL_PUNCH_HOLE | NativeFs.FALLOC_FL_KEEP_SIZE, offset, length));
        NativeFs.close(fd);
        return r;
    }

    String read(String rel) {
        long[] st = new long[FileStat.FIELDS];
        int r = NativeFs.fstatat(AT_FDCWD, abs(rel), 0, st);
        if (r < 0) {
            return outcome(r);
        }
        FileStat s = FileStat.fromFields(st);
        if (!s.isRegularFile()) {
            return "not a file";
        }
        try {
            return "content " + TreeSnapshot.digest(abs(rel), s.size());
        } catch (IOException e) {
            return e.getMessage().replace(root, "ROOT");
        }
    }

    /** Sets the times into the past, writes, and reports whether mtime and ctime moved forward. */
    String timesAdvanceOnWrite(String rel) {
        int r = NativeFs.utimensat(AT_FDCWD, abs(rel), 1000, 0, 1000, 0, 0);
        if (r < 0) {
            return outcome(r);
        }
        long[] before = new long[FileStat.FIELDS];
        NativeFs.fstatat(AT_FDCWD, abs(rel), 0, before);
        String w = writeAt(rel, 0, 1, 1, false);
        long[] after = new long[FileStat.FIELDS];
        NativeFs.fstatat(AT_FDCWD, abs(rel), 0, after);
        FileStat b = FileStat.fromFields(before);
        FileStat a = FileStat.fromFields(after);
        return w + " mtime " + (a.mtimeSec() > b.mtimeSec()) + " ctime " + (a.ctimeSec() > 1000 || a.ctimeNsec() != b.ctimeNsec());
    }

    /** Writes through a MAP_SHARED mapping and msyncs it. */
    String mmapWrite(String rel, int offset, int length, long seed) {
        try (FileChannel ch = FileChannel.open(Path.of(abs(rel)), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, offset, length);
            try {
                map.put(pattern(seed, length));
                map.force();
            } finally {
                unmap(map);
            }
            return "ok mmap size " + ch.size();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** Unlinks a file while it is open, then writes and reads through the fd. */
    String unlinkWhileOpen(String rel, long seed) {
        int fd = NativeFs.openat(AT_FDCWD, abs(rel), NativeFs.O_RDWR, 0);
        if (fd < 0) {
            return outcome(fd);
        }
        try {
            String u = unlink(rel);
            String w = outcome(NativeFs.pwrite(fd, pattern(seed, 100), 10));
            ByteBuffer back = ByteBuffer.allocateDirect(100);
            String rd = outcome(NativeFs.pread(fd, back, 10));
            boolean same = back.flip().equals(pattern(seed, 100));
            long[] st = new long[FileStat.FIELDS];
            NativeFs.fstat(fd, st);
            return u + " " + w + " " + rd + " same " + same + " nlink " + FileStat.fromFields(st).nlink();
        } finally {
            NativeFs.close(fd);
        }
    }

    /** Runs a shell command as uid/gid 65534 in the root; outcome = exit code and stderr. */
    String asNobody(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                "sh", "-c", script)).directory(Path.of(root).toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).replace(root, "ROOT");
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout";
        }
        return "exit " + p.exitValue() + " " + out.trim();
    }

    private static void unmap(MappedByteBuffer map) {
        // Java 21 has no public unmap; a mapping left to the GC would keep the mount busy.
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Method clean = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
            clean.invoke(f.get(null), map);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot unmap a MappedByteBuffer", e);
        }
    }
}

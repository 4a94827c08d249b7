package org.duplex.fs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.duplex.common.Check;

/**
 * Linux file system calls for Duplex, one static method per syscall (JNI downcalls into
 * {@code libduplexfs.so}, see {@code native/linux/nativefs.c}).
 *
 * <p>Conventions, identical for every method: a result {@code >= 0} is the syscall's result, a
 * negative result is {@code -errno} (see {@link Errno}); no method throws for an operating error.
 * Paths are relative to the given directory fd (or absolute, or relative to {@link #AT_FDCWD})
 * and are passed to the kernel as UTF-8 bytes. Data buffers must be direct
 * {@link ByteBuffer}s; their position and limit are read, never modified.
 *
 * <p>The filter's handlers perform each mutation with these calls on the fds the filter passes
 * up; the secondary's applier uses the same calls on its own directory fd
 * (see {@link #openBeneath} for resolving replicated relative paths safely).
 */
public final class NativeFs {
    private NativeFs() {}

    static {
        NativeLibrary.load();
    }

    private static final int[] K = constants();

    // Values the kernel ABI defines per architecture, read from the C headers at load time.
    public static final int O_RDONLY = K[0];
    public static final int O_WRONLY = K[1];
    public static final int O_RDWR = K[2];
    public static final int O_CREAT = K[3];
    public static final int O_EXCL = K[4];
    public static final int O_TRUNC = K[5];
    public static final int O_APPEND = K[6];
    public static final int O_DIRECTORY = K[7];
    public static final int O_NOFOLLOW = K[8];
    public static final int O_PATH = K[9];
    public static final int O_CLOEXEC = K[10];
    public static final int O_DIRECT = K[11];
    public static final int O_ACCMODE = K[12];
    public static final int AT_FDCWD = K[13];
    public static final int AT_SYMLINK_NOFOLLOW = K[14];
    public static final int AT_SYMLINK_FOLLOW = K[15];
    public static final int AT_EMPTY_PATH = K[16];
    public static final int AT_REMOVEDIR = K[17];
    public static final int RENAME_NOREPLACE = K[18];
    public static final int RENAME_EXCHANGE = K[19];
    public static final long UTIME_NOW = K[20];
    public static final long UTIME_OMIT = K[21];
    public static final int XATTR_CREATE = K[22];
    public static final int XATTR_REPLACE = K[23];
    public static final int MNT_DETACH = K[24];
    public static final int FALLOC_FL_KEEP_SIZE = K[25];
    public static final int FALLOC_FL_PUNCH_HOLE = K[26];
    public static final int S_IFMT = K[27];
    public static final int S_IFDIR = K[28];
    public static final int S_IFREG = K[29];
    public static final int S_IFLNK = K[30];
    public static final int S_ISGID = K[31];
    public static final int S_IFIFO = K[32];
    /** {@code statfs.f_type} of a FUSE file system. */
    public static final long FUSE_SUPER_MAGIC = 0x65735546L;

    // ---- opening and closing ----

    /** {@code openat(dirfd, path, flags, mode)}: a new fd or -errno. */
    public static int openat(int dirfd, String path, int flags, int mode) {
        return openat0(dirfd, bytes(path), flags, mode);
    }

    /**
     * {@code openat2(dirfd, path, {flags, mode, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS})}: like
     * {@link #openat} but fails with -EXDEV if {@code path} (after following symlinks) would leave
     * {@code dirfd}'s tree. The applier opens replicated relative paths with it.
     */
    public static int openBeneath(int dirfd, String path, int flags, int mode) {
        return openBeneath0(dirfd, bytes(path), flags, mode);
    }

    /** {@code close(fd)}: 0 or -errno. */
    public static native int close(int fd);

    // ---- data ----

    /** {@code pwrite(fd, buf[position..limit), offset)}: bytes written or -errno. */
    public static int pwrite(int fd, ByteBuffer buf, long offset) {
        Check.argument(buf.isDirect(), "pwrite needs a direct ByteBuffer");
        return pwrite0(fd, buf, buf.position(), buf.remaining(), offset);
    }

    /** {@code pread(fd, buf[position..limit), offset)}: bytes read (0 at end of file) or -errno. */
    public static int pread(int fd, ByteBuffer buf, long offset) {
        Check.argument(buf.isDirect(), "pread needs a direct ByteBuffer");
        return pread0(fd, buf, buf.position(), buf.remaining(), offset);
    }

    public static native int ftruncate(int fd, long length);

    /** {@code truncate(path, length)} (follows symlinks; use {@code /proc/self/fd/N} for an O_PATH fd). */
    public static int truncate(String path, long length) {
        return truncate0(bytes(path), length);
    }

    public static native int fallocate(int fd, int mode, long offset, long length);

    public static native int fsync(int fd);

    public static native int fdatasync(int fd);

    /** {@code copy_file_range(fdIn, &offIn, fdOut, &offOut, length, flags)}: bytes copied or -errno. */
    public static native long copyFileRange(int fdIn, long offIn, int fdOut, long offOut, long length, int flags);

    // ---- namespace ----

    public static int mkdirat(int dirfd, String path, int mode) {
        return mkdirat0(dirfd, bytes(path), mode);
    }

    public static int mknodat(int dirfd, String path, int mode, long dev) {
        return mknodat0(dirfd, bytes(path), mode, dev);
    }

    public static int symlinkat(String target, int dirfd, String linkPath) {
        return symlinkat0(bytes(target), dirfd, bytes(linkPath));
    }

    public static int linkat(int oldDirfd, String oldPath, int newDirfd, String newPath, int flags) {
        return linkat0(oldDirfd, bytes(oldPath), newDirfd, bytes(newPath), flags);
    }

    public static int unlinkat(int dirfd, String path, int flags) {
        return unlinkat0(dirfd, bytes(path), flags);
    }

    /** {@code renameat2} with {@link #RENAME_NOREPLACE} / {@link #RENAME_EXCHANGE} or 0. */
    public static int renameat2(int oldDirfd, String oldPath, int newDirfd, String newPath, int flags) {
        return renameat20(oldDirfd, bytes(oldPath), newDirfd, bytes(newPath), flags);
    }

    /** {@code readlinkat}: the target, or null with {@code errnoOut[0]} set. */
    public static String readlinkat(int dirfd, String path, int[] errnoOut) {
        byte[] target = readlinkat0(dirfd, bytes(path), errnoOut);
        return target == null ? null : new String(target, StandardCharsets.UTF_8);
    }

    // ---- attributes ----

    public static int fchmodat(int dirfd, String path, int mode, int flags) {
        return fchmodat0(dirfd, bytes(path), mode, flags);
    }

    public static native int fchmod(int fd, int mode);

    /** {@code fchownat}; -1 for uid or gid leaves it unchanged. Accepts {@link #AT_EMPTY_PATH}. */
    public static int fchownat(int dirfd, String path, int uid, int gid, int flags) {
        return fchownat0(dirfd, bytes(path), uid, gid, flags);
    }

    public static native int fchown(int fd, int uid, int gid);

    /**
     * {@code utimensat(dirfd, path, {atime, mtime}, flags)}; a nanosecond field may be
     * {@link #UTIME_NOW} or {@link #UTIME_OMIT}.
     */
    public static int utimensat(int dirfd, String path, long atimeSec, long atimeNsec,
                                long mtimeSec, long mtimeNsec, int flags) {
        return utimensat0(dirfd, bytes(path), atimeSec, atimeNsec, mtimeSec, mtimeNsec, flags);
    }

    public static native int futimens(int fd, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec);

    /** {@code fstatat}: fills {@code out} ({@link FileStat#FIELDS} longs, see {@link FileStat#fromFields}); 0 or -errno. */
    public static int fstatat(int dirfd, String path, int flags, long[] out) {
        Check.argument(out.length >= FileStat.FIELDS, "fstatat needs %d longs", FileStat.FIELDS);
        return fstatat0(dirfd, bytes(path), flags, out);
    }

    public static int fstat(int fd, long[] out) {
        Check.argument(out.length >= FileStat.FIELDS, "fstat needs %d longs", FileStat.FIELDS);
        return fstat0(fd, out);
    }

    // ---- extended attributes ----

    public static int fsetxattr(int fd, String name, byte[] value, int flags) {
        return fsetxattr0(fd, bytes(name), value, flags);
    }

    /** {@code lsetxattr(path, ...)}: does not follow a final symlink. */
    public static int lsetxattr(String path, String name, byte[] value, int flags) {
        return lsetxattr0(bytes(path), bytes(name), value, flags);
    }

    /** {@code setxattr(path, ...)}: follows symlinks, so it works on {@code /proc/self/fd/N} of an O_PATH fd. */
    public static int setxattr(String path, String name, byte[] value, int flags) {
        return setxattr0(bytes(path), bytes(name), value, flags);
    }

    /** {@code removexattr(path, name)}: follows symlinks (see {@link #setxattr}). */
    public static int removexattr(String path, String name) {
        return removexattr0(bytes(path), bytes(name));
    }

    public static int fremovexattr(int fd, String name) {
        return fremovexattr0(fd, bytes(name));
    }

    public static int lremovexattr(String path, String name) {
        return lremovexattr0(bytes(path), bytes(name));
    }

    /** {@code lgetxattr}: the value, or null with {@code errnoOut[0]} set. */
    public static byte[] lgetxattr(String path, String name, int[] errnoOut) {
        return lgetxattr0(bytes(path), bytes(name), errnoOut);
    }

    // ---- mounts ----

    /** {@code umount2(path, flags)} ({@link #MNT_DETACH} for a lazy unmount). */
    public static int umount2(String path, int flags) {
        return umount20(bytes(path), flags);
    }

    /** {@code statfs(path).f_type}, or -errno. */
    public static long statfsType(String path) {
        return statfsType0(bytes(path));
    }

    /**
     * Loads {@code libduplexfs.so} now (it is loaded on first use anyway): lets a service fail at
     * start-up, with the file and the reason, rather than on its first mount.
     */
    public static void ensureLoaded() {
        // the static initializer did the work
    }

    /** {@code /proc/self/fd/N}: a path that reaches the file an (O_PATH) fd refers to. */
    public static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    static native String strerror(int errno);

    static byte[] bytes(String s) {
        Check.argument(s != null, "path or name is null");
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            Check.argument(x != 0, "path or name contains a NUL byte: %s", s);
        }
        return b;
    }

    private static native int[] constants();
    private static native int openat0(int dirfd, byte[] path, int flags, int mode);
    private static native int openBeneath0(int dirfd, byte[] path, int flags, int mode);
    private static native int pwrite0(int fd, ByteBuffer buf, int position, int length, long offset);
    private static native int pread0(int fd, ByteBuffer buf, int position, int length, long offset);
    private static native int truncate0(byte[] path, long length);
    private static native int mkdirat0(int dirfd, byte[] path, int mode);
    private static native int mknodat0(int dirfd, byte[] path, int mode, long dev);
    private static native int symlinkat0(byte[] target, int dirfd, byte[] linkPath);
    private static native int linkat0(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);
    private static native int unlinkat0(int dirfd, byte[] path, int flags);
    private static native int renameat20(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);
    private static native byte[] readlinkat0(int dirfd, byte[] path, int[] errnoOut);
    private static native int fchmodat0(int dirfd, byte[] path, int mode, int flags);
    private static native int fchownat0(int dirfd, byte[] path, int uid, int gid, int flags);
    private static native int utimensat0(int dirfd, byte[] path, long as, long ans, long ms, long mns, int flags);
    private static native int fstatat0(int dirfd, byte[] path, int flags, long[] out);
    private static native int fstat0(int fd, long[] out);
    private static native int fsetxattr0(int fd, byte[] name, byte[] value, int flags);
    private static native int lsetxattr0(byte[] path, byte[] name, byte[] value, int flags);
    private static native int setxattr0(byte[] path, byte[] name, byte[] value, int flags);
    private static native int removexattr0(byte[] path, byte[] name);
    private static native int fremovexattr0(int fd, byte[] name);
    private static native int lremovexattr0(byte[] path, byte[] name);
    private static native byte[] lgetxattr0(byte[] path, byte[] name, int[] errnoOut);
    private static native int umount20(byte[] path, int flags);
    private static native long statfsType0(byte[] path);
}

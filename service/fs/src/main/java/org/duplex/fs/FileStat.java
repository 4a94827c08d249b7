package org.duplex.fs;

/**
 * The fields of {@code struct stat} that Duplex compares and replicates. Times are seconds and
 * nanoseconds since the epoch.
 */
public record FileStat(
        long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blocks,
        long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    /** Number of longs {@link NativeFs#fstatat} fills. */
    public static final int FIELDS = 15;

    /** Builds a stat from the array {@link NativeFs#fstatat} filled. */
    public static FileStat fromFields(long[] f) {
        return new FileStat(f[0], f[1], (int) f[2], f[3], (int) f[4], (int) f[5], f[6], f[7], f[8],
                f[9], f[10], f[11], f[12], f[13], f[14]);
    }

    /** {@code fstatat(dirfd, path, flags)}; throws naming the path on failure. */
    public static FileStat at(int dirfd, String path, int flags) throws ErrnoException {
        long[] f = new long[FIELDS];
        ErrnoException.check(NativeFs.fstatat(dirfd, path, flags, f), "fstatat " + path);
        return fromFields(f);
    }

    /** {@code fstat(fd)}; throws on failure. */
    public static FileStat of(int fd) throws ErrnoException {
        long[] f = new long[FIELDS];
        ErrnoException.check(NativeFs.fstat(fd, f), "fstat fd " + fd);
        return fromFields(f);
    }

    public int type() {
        return mode & NativeFs.S_IFMT;
    }

    public boolean isDirectory() {
        return type() == NativeFs.S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == NativeFs.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == NativeFs.S_IFLNK;
    }

    /** Permission and set-id bits ({@code mode & 07777}). */
    public int permissions() {
        return mode & 07777;
    }
}

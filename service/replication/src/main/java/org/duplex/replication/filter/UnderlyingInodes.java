package org.duplex.replication.filter;

import java.nio.file.Path;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.duplex.replication.primary.ReplicationPipeline;

/**
 * File identity by inode, read beneath a directory fd opened <em>before</em> the filter is mounted
 * over the directory, so it reaches the real files without going through the mount (which could
 * deadlock against the kernel's directory locks, see {@link CurrentPaths}). Hard links then share
 * the pipeline's range locks and order section.
 */
public final class UnderlyingInodes implements ReplicationPipeline.FileIdentity, AutoCloseable {
    /** The identity of an existing file: device and inode. */
    record Inode(long device, long inode) {}

    private final int rootFd;

    /** Opens {@code directory}; call before mounting the filter on it (refused if a FUSE mount is already there). */
    public UnderlyingInodes(Path directory) {
        String path = directory.toAbsolutePath().normalize().toString();
        if (NativeFs.statfsType(path) == NativeFs.FUSE_SUPER_MAGIC) {
            throw new IllegalStateException("UnderlyingInodes must be created before the filter is mounted on " + path);
        }
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, path, NativeFs.O_PATH | NativeFs.O_DIRECTORY | NativeFs.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalArgumentException("cannot open " + path + ": " + Errno.describe(fd));
        }
        this.rootFd = fd;
    }

    @Override
    public Object of(String path) {
        long[] st = new long[FileStat.FIELDS];
        String relative = path.equals(".") ? "" : path;
        int r = relative.isEmpty()
                ? NativeFs.fstat(rootFd, st)
                : NativeFs.fstatat(rootFd, relative, NativeFs.AT_SYMLINK_NOFOLLOW, st);
        if (r < 0) {
            return path; // does not exist (yet): its name is its identity
        }
        FileStat stat = FileStat.fromFields(st);
        return new Inode(stat.dev(), stat.ino());
    }

    @Override
    public void close() {
        NativeFs.close(rootFd);
    }
}

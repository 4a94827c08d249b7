package org.duplex.fs.filter;

import static org.duplex.fs.NativeFs.AT_SYMLINK_NOFOLLOW;

import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;

/**
 * Gives a newly created entry the owner and mode it would have had if the caller had created it
 * directly, although the filter (and the secondary's applier) creates everything as root.
 *
 * <p>Why chown-after-create rather than per-thread {@code setfsuid}: the same two steps replay
 * identically on the secondary's applier, and a handler may perform the operation on a thread
 * other than the filter's. The rules applied: owner = caller's uid; group = caller's gid, except
 * under a set-group-id directory where the entry keeps the directory's group (which the
 * underlying file system already gave it) and a new directory keeps the set-group-id bit; the
 * permission bits are exactly the requested ones (the JVM's own umask must not strip them a
 * second time, and root's chown may have cleared set-id bits). Not reproduced: the kernel's
 * stripping of S_ISGID from a file created by a caller outside the file's group.
 */
public final class NewEntries {
    private NewEntries() {}

    /**
     * Sets owner and mode of {@code name} in {@code parentFd} after its creation.
     *
     * @param mode the requested mode (type bits ignored); ignored for symlinks
     * @return 0 or -errno
     */
    public static int finish(Caller caller, int parentFd, String name, int mode) {
        long[] st = new long[FileStat.FIELDS];
        int r = NativeFs.fstat(parentFd, st);
        if (r < 0) {
            return r;
        }
        boolean parentSetgid = (FileStat.fromFields(st).mode() & NativeFs.S_ISGID) != 0;
        r = NativeFs.fchownat(parentFd, name, caller.uid(), parentSetgid ? -1 : caller.gid(), AT_SYMLINK_NOFOLLOW);
        if (r < 0) {
            return r;
        }
        r = NativeFs.fstatat(parentFd, name, AT_SYMLINK_NOFOLLOW, st);
        if (r < 0) {
            return r;
        }
        FileStat created = FileStat.fromFields(st);
        if (created.isSymlink()) {
            return 0;
        }
        int wanted = mode & 07777;
        if (created.isDirectory() && parentSetgid) {
            wanted |= NativeFs.S_ISGID;
        }
        if (created.permissions() == wanted) {
            return 0;
        }
        return NativeFs.fchmodat(parentFd, name, wanted, 0);
    }
}

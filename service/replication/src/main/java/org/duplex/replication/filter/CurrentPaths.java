package org.duplex.replication.filter;

import java.nio.file.Path;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.duplex.fs.filter.EntryRef;
import org.duplex.fs.filter.FileRef;

/**
 * The current replicated path of an fd the filter passed up, read from the kernel
 * ({@code readlink /proc/self/fd/N}) rather than taken from the upcall: the filter computes its path
 * before the handler runs, so a rename or unlink completed in between would make the op travel under
 * a stale name. Called by the pipeline once it holds the namespace lock, when no rename or unlink is
 * in progress, the kernel's answer is exact.
 *
 * <p>The filter is mounted in place over the directory, so the kernel spells the underlying files
 * with the directory's own path as prefix. Never resolve that path here (stat, open...): it goes
 * through the mount, whose directory locks the kernel may hold for an operation that waits for
 * the pipeline's namespace lock, which the caller holds: a deadlock. Only fds and /proc.
 */
final class CurrentPaths {
    private static final String DELETED = " (deleted)";

    private final String directory;

    CurrentPaths(Path directory) {
        this.directory = directory.toAbsolutePath().normalize().toString();
    }

    /**
     * The path of {@code file} relative to the directory ("." for the directory itself), or null when
     * it has no name any more (unlinked while open). Falls back to the filter's path when the kernel's
     * name was unlinked but another hard link remains.
     */
    String of(FileRef file) {
        String current = relative(file.fd());
        if (current != null) {
            return current;
        }
        return stillLinked(file.fd()) && file.path() != null ? ReplicatingHandler.path(file.path()) : null;
    }

    /** The path of a name in a directory, with the directory's current path. */
    String of(EntryRef entry) {
        String parent = relative(entry.parentFd());
        if (parent == null) {
            parent = entry.parentPath() == null ? null : ReplicatingHandler.path(entry.parentPath());
        }
        if (parent == null) {
            return null;
        }
        return parent.equals(".") ? entry.name() : parent + "/" + entry.name();
    }

    private String relative(int fd) {
        int[] errno = new int[1];
        String target = NativeFs.readlinkat(NativeFs.AT_FDCWD, NativeFs.procPath(fd), errno);
        if (target == null || target.endsWith(DELETED)) {
            return null; // unlinked name (or one really ending so): of(FileRef) falls back on the filter's path
        }
        if (target.equals(directory)) {
            return ".";
        }
        if (target.startsWith(directory) && target.charAt(directory.length()) == '/') {
            return target.substring(directory.length() + 1);
        }
        return null;
    }

    private static boolean stillLinked(int fd) {
        long[] st = new long[FileStat.FIELDS];
        return NativeFs.fstat(fd, st) == 0 && FileStat.fromFields(st).nlink() > 0;
    }
}

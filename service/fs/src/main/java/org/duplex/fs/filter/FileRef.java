package org.duplex.fs.filter;

/**
 * A file or directory an upcall is about.
 *
 * @param ino  the filter's node id for it (stable while the kernel remembers the file; not the
 *             on-disk inode number)
 * @param path its path relative to the replicated directory ("" for the directory itself,
 *             "a/b/c" below it), or {@code null} when the filter knows no name for it any more
 *             (every name it had was unlinked while the file stayed open); see docs/UPCALLS.md
 * @param fd   a file descriptor on the real file underneath; what kind is documented per upcall
 *             in {@link MutationHandler} (an open file, or an {@code O_PATH} fd). Owned by the
 *             filter: never close it, never keep it after the upcall returns.
 */
public record FileRef(long ino, String path, int fd) {}

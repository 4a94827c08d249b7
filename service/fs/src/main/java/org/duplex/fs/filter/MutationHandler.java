package org.duplex.fs.filter;

import java.nio.ByteBuffer;

/**
 * The upcall interface: the filter calls exactly one method per mutating file-system operation,
 * and the method <b>performs</b> the operation on the real directory underneath (with
 * {@link org.duplex.fs.NativeFs} on the fds it is given) and returns its result: {@code >= 0} on
 * success (the meaning is given per method), {@code -errno} on failure. The filter replies to the
 * application with exactly that. Reads never reach Java.
 *
 * <p>Contract, for every method (docs/UPCALLS.md is the long version, shared with the Windows
 * filter):
 * <ul>
 *   <li>Called on the filter's worker threads, concurrently, possibly for the same file. The
 *       kernel serializes namespace operations on one directory and writes to one file are not
 *       serialized: ordering overlapping writes is the handler's job.</li>
 *   <li>The application is blocked until the method returns: it must return in bounded time.</li>
 *   <li>Must not throw. If it does anyway, the filter logs it and the application gets EIO.</li>
 *   <li>fds and buffers belong to the filter: do not close them, do not keep them (nor the
 *       write {@link ByteBuffer}, which points into the filter's request memory) after
 *       returning; copy what must outlive the call.</li>
 *   <li>Paths are relative to the replicated directory ("" = the directory itself), '/'
 *       separated, UTF-8. A name that is not valid UTF-8 is refused with EILSEQ before any
 *       handler call.</li>
 *   <li>Ownership of new entries (create, mkdir, mknod, symlink) is the handler's job: the
 *       filter runs as root, so the handler chowns the new entry to {@code caller}
 *       ({@link NewEntries} does it as the kernel would).</li>
 * </ul>
 */
public interface MutationHandler {

    /**
     * {@code write(2)}, {@code pwrite(2)}, and dirty pages written back from a shared mmap.
     * {@code file.fd} is the open file (opened without O_APPEND: {@code offset} is always the
     * absolute position, the kernel already resolved appends). {@code data} is a direct buffer
     * over the filter's request memory, position 0, limit = length.
     *
     * @return bytes written (normally {@code data.remaining()}) or -errno
     */
    int write(Caller caller, FileRef file, long offset, ByteBuffer data);

    /**
     * {@code open(O_CREAT)} of a name that may or may not exist. {@code flags} are the
     * application's open flags (O_APPEND and O_DIRECT already removed, see {@link #write});
     * {@code mode} includes the file type bits and has the caller's umask applied.
     *
     * @return a new open fd on the file, which the filter then owns (it closes it on release), or -errno
     */
    int create(Caller caller, EntryRef entry, int flags, int mode);

    /** {@code mkdir(2)}; {@code mode} has the umask applied. @return 0 or -errno */
    int mkdir(Caller caller, EntryRef entry, int mode);

    /** {@code mknod(2)} (fifos, sockets, devices, and regular files made without open). @return 0 or -errno */
    int mknod(Caller caller, EntryRef entry, int mode, long rdev);

    /** {@code symlink(target, entry)}. @return 0 or -errno */
    int symlink(Caller caller, EntryRef entry, String target);

    /** {@code link(existing, newEntry)}; {@code existing.fd} is an O_PATH fd. @return 0 or -errno */
    int link(Caller caller, FileRef existing, EntryRef newEntry);

    /** {@code unlink(2)}. @return 0 or -errno */
    int unlink(Caller caller, EntryRef entry);

    /** {@code rmdir(2)}. @return 0 or -errno */
    int rmdir(Caller caller, EntryRef entry);

    /**
     * {@code renameat2(from, to, flags)}; {@code flags} is 0, RENAME_NOREPLACE or RENAME_EXCHANGE
     * ({@link org.duplex.fs.NativeFs} constants). @return 0 or -errno
     */
    int rename(Caller caller, EntryRef from, EntryRef to, int flags);

    /**
     * chmod / chown / truncate / utimens, any combination (the kernel sends them together, e.g.
     * a chown that also clears set-id bits). {@code file.fd} is an O_PATH fd; {@code openFd} is
     * the open file the application used ({@code ftruncate}, {@code futimens}...), or -1.
     *
     * @return 0 or -errno
     */
    int setattr(Caller caller, FileRef file, int openFd, SetAttr attr);

    /**
     * {@code open(O_TRUNC)} of an existing file: the filter opened {@code file.fd} (without
     * O_TRUNC) and asks the handler to truncate it to 0, exactly as the kernel would (mtime and
     * ctime change). @return 0 or -errno (the open then fails with it)
     */
    int truncateOnOpen(Caller caller, FileRef file);

    /** {@code fallocate(2)} on the open file {@code file.fd} (any mode, incl. PUNCH_HOLE). @return 0 or -errno */
    int fallocate(Caller caller, FileRef file, int mode, long offset, long length);

    /**
     * {@code copy_file_range(2)} between two open files. @return bytes copied or -errno
     */
    long copyFileRange(Caller caller, FileRef in, long offsetIn, FileRef out, long offsetOut, long length, int flags);

    /** {@code setxattr(2)} (any namespace); {@code file.fd} is an O_PATH fd. @return 0 or -errno */
    int setxattr(Caller caller, FileRef file, String name, byte[] value, int flags);

    /** {@code removexattr(2)}; {@code file.fd} is an O_PATH fd. @return 0 or -errno */
    int removexattr(Caller caller, FileRef file, String name);

    /**
     * {@code fsync(2)} / {@code fdatasync(2)} ({@code dataOnly}) on the open file {@code file.fd}:
     * must not return before the data is durable (wherever the handler's policy says). @return 0 or -errno
     */
    int fsync(Caller caller, FileRef file, boolean dataOnly);

    /** {@code fsync(2)} on an open directory ({@code file.fd} is a read-only directory fd). @return 0 or -errno */
    int fsyncdir(Caller caller, FileRef dir, boolean dataOnly);
}

package org.duplex.replication.secondary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.duplex.fs.Errno;
import org.duplex.fs.ErrnoException;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.duplex.fs.filter.Caller;
import org.duplex.fs.filter.NewEntries;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.ReplicatedPath;

/**
 * The secondary's applier on fs's {@link NativeFs}: the same syscalls the primary's filter made,
 * on a root directory fd, with every parent directory opened by {@code openat2(RESOLVE_BENEATH)}
 * ({@link NativeFs#openBeneath}) so no spelling and no symlink can reach outside the root, and the
 * final component never followed ({@code O_NOFOLLOW}, {@code AT_SYMLINK_NOFOLLOW}). Unlike the NIO
 * applier it reproduces fallocate (allocation, holes), RENAME_EXCHANGE atomically, mknod of FIFOs
 * and devices, every xattr namespace, and new entries' ownership through fs's {@link NewEntries}.
 *
 * <p>One thread (the receiver's applier thread); fds are opened per operation and always closed.
 */
public final class NativeMutationApplier implements MutationApplier {
    private static final int DIRECTORY = NativeFs.O_PATH | NativeFs.O_DIRECTORY | NativeFs.O_CLOEXEC;

    private final int rootFd;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    public NativeMutationApplier(Path root) throws IOException {
        String path = root.toAbsolutePath().normalize().toString();
        this.rootFd = (int) ErrnoException.check(NativeFs.openat(NativeFs.AT_FDCWD, path, DIRECTORY, 0), "open replicated root " + path);
    }

    @Override
    public void apply(Mutation mutation) throws IOException {
        switch (mutation) {
            case Write m -> withFile(m.path(), NativeFs.O_WRONLY, fd -> {
                ByteBuffer data = direct(m.data());
                long done = 0;
                while (data.hasRemaining()) {
                    int n = (int) check(NativeFs.pwrite(fd, data, m.offset() + done), "write", m.path());
                    done += n;
                    data.position(data.position() + n);
                }
                setMtime(fd, m.mtimeNanos(), m.path());
            });
            case Truncate m -> withFile(m.path(), NativeFs.O_WRONLY, fd -> {
                check(NativeFs.ftruncate(fd, m.size()), "truncate", m.path());
                setMtime(fd, m.mtimeNanos(), m.path());
            });
            case Create m -> create(m);
            case Mkdir m -> withParent(m.path(), (dir, name) -> {
                check(NativeFs.mkdirat(dir, name, m.mode() & 07777), "mkdir", m.path());
                check(NewEntries.finish(new Caller(m.uid(), m.gid(), 0), dir, name, m.mode()), "mkdir (owner, mode)", m.path());
            });
            case Mknod m -> withParent(m.path(), (dir, name) -> {
                check(NativeFs.mknodat(dir, name, m.mode(), m.rdev()), "mknod", m.path());
                check(NewEntries.finish(new Caller(m.uid(), m.gid(), 0), dir, name, m.mode()), "mknod (owner, mode)", m.path());
                if (m.mtimeNanos() != Mutation.NO_TIME) {
                    check(NativeFs.utimensat(dir, name, 0, NativeFs.UTIME_OMIT, seconds(m.mtimeNanos()),
                            nanos(m.mtimeNanos()), NativeFs.AT_SYMLINK_NOFOLLOW), "mknod (mtime)", m.path());
                }
            });
            case Symlink m -> withParent(m.path(), (dir, name) -> {
                check(NativeFs.symlinkat(m.target(), dir, name), "symlink", m.path());
                check(NewEntries.finish(new Caller(m.uid(), m.gid(), 0), dir, name, 0), "symlink (owner)", m.path());
            });
            case Link m -> withParent(m.existing(), (fromDir, fromName) -> withParent(m.path(), (toDir, toName) ->
                    check(NativeFs.linkat(fromDir, fromName, toDir, toName, 0), "link", m.path())));
            case Unlink m -> withParent(m.path(), (dir, name) -> check(NativeFs.unlinkat(dir, name, 0), "unlink", m.path()));
            case Rmdir m -> withParent(m.path(), (dir, name) -> check(NativeFs.unlinkat(dir, name, NativeFs.AT_REMOVEDIR), "rmdir", m.path()));
            case Rename m -> withParent(m.path(), (fromDir, fromName) -> withParent(m.target(), (toDir, toName) ->
                    check(NativeFs.renameat2(fromDir, fromName, toDir, toName, switch (m.mode()) {
                        case REPLACE -> 0;
                        case NOREPLACE -> NativeFs.RENAME_NOREPLACE;
                        case EXCHANGE -> NativeFs.RENAME_EXCHANGE;
                    }), "rename", m.path())));
            case Chmod m -> withEntry(m.path(), fd -> {
                if (isSymlink(fd)) {
                    throw new IOException("chmod of '" + m.path() + "': it is a symlink on the secondary");
                }
                check(NativeFs.fchmodat(NativeFs.AT_FDCWD, NativeFs.procPath(fd), m.mode(), 0), "chmod", m.path());
            });
            case Chown m -> withEntry(m.path(), fd -> check(NativeFs.fchownat(fd, "", m.uid(), m.gid(),
                    NativeFs.AT_EMPTY_PATH | NativeFs.AT_SYMLINK_NOFOLLOW), "chown", m.path()));
            case SetTimes m -> withEntry(m.path(), fd -> {
                if (isSymlink(fd)) {
                    withParent(m.path(), (dir, name) -> check(NativeFs.utimensat(dir, name, seconds(m.atimeNanos()),
                            nanos(m.atimeNanos()), seconds(m.mtimeNanos()), nanos(m.mtimeNanos()), NativeFs.AT_SYMLINK_NOFOLLOW),
                            "set times", m.path()));
                } else {
                    check(NativeFs.utimensat(NativeFs.AT_FDCWD, NativeFs.procPath(fd), seconds(m.atimeNanos()),
                            nanos(m.atimeNanos()), seconds(m.mtimeNanos()), nanos(m.mtimeNanos()), 0), "set times", m.path());
                }
            });
            case Fallocate m -> withFile(m.path(), NativeFs.O_WRONLY, fd -> {
                check(NativeFs.fallocate(fd, m.mode(), m.offset(), m.length()), "fallocate", m.path());
                setMtime(fd, m.mtimeNanos(), m.path());
            });
            case CopyRange m -> withFile(m.source(), NativeFs.O_RDONLY, in -> withFile(m.path(), NativeFs.O_WRONLY, out -> {
                long done = 0;
                while (done < m.length()) {
                    long n = check(NativeFs.copyFileRange(in, m.sourceOffset() + done, out, m.offset() + done, m.length() - done, 0),
                            "copy_file_range", m.path());
                    if (n == 0) {
                        break;
                    }
                    done += n;
                }
                setMtime(out, m.mtimeNanos(), m.path());
            }));
            case SetXattr m -> withEntry(m.path(), fd ->
                    check(NativeFs.setxattr(NativeFs.procPath(fd), m.name(), m.value(), m.flags()), "setxattr " + m.name(), m.path()));
            case RemoveXattr m -> withEntry(m.path(), fd ->
                    check(NativeFs.removexattr(NativeFs.procPath(fd), m.name()), "removexattr " + m.name(), m.path()));
            case Fsync m -> withFile(m.path(), NativeFs.O_RDONLY, fd ->
                    check(m.dataOnly() ? NativeFs.fdatasync(fd) : NativeFs.fsync(fd), "fsync", m.path()));
        }
    }

    @Override
    public void close() {
        NativeFs.close(rootFd);
    }

    private void create(Create m) throws IOException {
        withParent(m.path(), (dir, name) -> {
            int flags = NativeFs.O_WRONLY | NativeFs.O_CREAT | NativeFs.O_EXCL | NativeFs.O_NOFOLLOW | NativeFs.O_CLOEXEC;
            int fd = NativeFs.openat(dir, name, flags, m.mode() & 07777);
            if (fd == -Errno.EEXIST) {
                long[] st = new long[FileStat.FIELDS];
                check(NativeFs.fstatat(dir, name, NativeFs.AT_SYMLINK_NOFOLLOW, st), "create", m.path());
                if (!FileStat.fromFields(st).isRegularFile()) {
                    throw new IOException("create of '" + m.path() + "': exists on the secondary and is not a regular file");
                }
                return; // O_CREAT without O_EXCL on an existing file: the primary only opened it
            }
            check(fd, "create", m.path());
            try {
                check(NewEntries.finish(new Caller(m.uid(), m.gid(), 0), dir, name, m.mode()), "create (owner, mode)", m.path());
                setMtime(fd, m.mtimeNanos(), m.path());
            } finally {
                NativeFs.close(fd);
            }
        });
    }

    private interface ParentAction {
        void run(int dirFd, String name) throws IOException;
    }

    private interface FdAction {
        void run(int fd) throws IOException;
    }

    /** Opens the parent directory of {@code path} beneath the root and runs {@code action} on (dirfd, name). */
    private void withParent(String path, ParentAction action) throws IOException {
        String parent = ReplicatedPath.parent(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (path.equals(ReplicatedPath.ROOT)) {
            throw new IOException("operation on the replicated root itself needs no parent: '" + path + "'");
        }
        if (parent.equals(ReplicatedPath.ROOT)) {
            action.run(rootFd, name);
            return;
        }
        int dir = NativeFs.openBeneath(rootFd, parent, DIRECTORY, 0);
        if (dir == -Errno.EXDEV || dir == -Errno.ELOOP) {
            throw new PathEscapeException(path, "'" + parent + "' resolves outside the replicated directory ("
                    + Errno.name(-dir) + ")");
        }
        check(dir, "open directory '" + parent + "' for", path);
        try {
            action.run(dir, name);
        } finally {
            NativeFs.close(dir);
        }
    }

    /** Opens {@code path} itself (never following a final symlink) with {@code access}, runs, closes. */
    private void withFile(String path, int access, FdAction action) throws IOException {
        if (path.equals(ReplicatedPath.ROOT)) {
            int fd = (int) check(NativeFs.openat(rootFd, ".", NativeFs.O_RDONLY | NativeFs.O_DIRECTORY | NativeFs.O_CLOEXEC, 0), "open", path);
            try {
                action.run(fd);
            } finally {
                NativeFs.close(fd);
            }
            return;
        }
        withParent(path, (dir, name) -> {
            int fd = (int) check(NativeFs.openat(dir, name, access | NativeFs.O_NOFOLLOW | NativeFs.O_CLOEXEC, 0), "open", path);
            try {
                action.run(fd);
            } finally {
                NativeFs.close(fd);
            }
        });
    }

    /** An O_PATH fd on the entry itself (a symlink stays a symlink). */
    private void withEntry(String path, FdAction action) throws IOException {
        if (path.equals(ReplicatedPath.ROOT)) {
            action.run(rootFd);
            return;
        }
        withParent(path, (dir, name) -> {
            int fd = (int) check(NativeFs.openat(dir, name, NativeFs.O_PATH | NativeFs.O_NOFOLLOW | NativeFs.O_CLOEXEC, 0), "open", path);
            try {
                action.run(fd);
            } finally {
                NativeFs.close(fd);
            }
        });
    }

    private static boolean isSymlink(int fd) throws IOException {
        long[] st = new long[FileStat.FIELDS];
        ErrnoException.check(NativeFs.fstat(fd, st), "fstat");
        return FileStat.fromFields(st).isSymlink();
    }

    private static void setMtime(int fd, long mtimeNanos, String path) throws IOException {
        if (mtimeNanos != Mutation.NO_TIME) {
            check(NativeFs.futimens(fd, 0, NativeFs.UTIME_OMIT, seconds(mtimeNanos), nanos(mtimeNanos)), "set mtime", path);
        }
    }

    private static long seconds(long timeNanos) {
        return timeNanos == Mutation.NO_TIME ? 0 : Math.floorDiv(timeNanos, 1_000_000_000L);
    }

    private static long nanos(long timeNanos) {
        return timeNanos == Mutation.NO_TIME ? NativeFs.UTIME_OMIT : Math.floorMod(timeNanos, 1_000_000_000L);
    }

    private ByteBuffer direct(byte[] data) {
        if (buffer.capacity() < data.length) {
            buffer = ByteBuffer.allocateDirect(data.length);
        }
        buffer.clear();
        buffer.put(data).flip();
        return buffer;
    }

    private static long check(long result, String what, String path) throws ErrnoException {
        return ErrnoException.check(result, what + " '" + path + "'");
    }
}

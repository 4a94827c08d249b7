package org.duplex.replication.filter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.duplex.fs.filter.Caller;
import org.duplex.fs.filter.EntryRef;
import org.duplex.fs.filter.FileRef;
import org.duplex.fs.filter.MutationHandler;
import org.duplex.fs.filter.SetAttr;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.primary.ReplicationPipeline.StatProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's upcall handler on the primary: each upcall becomes one {@link Mutation}, performed
 * locally by the decorated handler (normally fs's {@code PassthroughHandler}) inside
 * {@link ReplicationPipeline#execute}, which orders it, records it and replicates it.
 *
 * <p>Translation rules:
 * <ul>
 *   <li>paths: the filter's "" (the root) is {@code "."}; a file with no known name (unlinked while
 *       open) has nothing to replicate by name: its writes are performed locally only;</li>
 *   <li>times: the resulting times are read with fstat on the fd the filter gave (the cheapest way);
 *       UTIME_NOW travels as the time the primary set;</li>
 *   <li>a setattr that changes several things (mode, owner, size, times) runs locally once, then is
 *       sent as one mutation per thing, in the kernel's order;</li>
 *   <li>create with O_TRUNC also sends a truncate to 0 (the name may have existed);</li>
 *   <li>what cannot be expressed (fallocate modes other than keep-size, punch-hole, zero-range)
 *       fails with EOPNOTSUPP before anything is done, so the copies never diverge.</li>
 * </ul>
 * Never throws into the filter: an unexpected exception is logged and answered EIO.
 */
public final class ReplicatingHandler implements MutationHandler {
    private static final Logger log = LoggerFactory.getLogger(ReplicatingHandler.class);

    private final MutationHandler local;
    private final ReplicationPipeline pipeline;
    private final CurrentPaths paths;

    /**
     * @param local     performs each operation locally (fs's {@code PassthroughHandler})
     * @param pipeline  the module's replication pipeline
     * @param directory the replicated directory the filter is mounted over (absolute)
     */
    public ReplicatingHandler(MutationHandler local, ReplicationPipeline pipeline, java.nio.file.Path directory) {
        this.local = local;
        this.pipeline = pipeline;
        this.paths = new CurrentPaths(directory);
    }

    @Override
    public int write(Caller caller, FileRef file, long offset, ByteBuffer data) {
        if (file.path() == null) {
            return local.write(caller, file, offset, data);
        }
        return guarded("write", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            if (path == null) {
                return null;
            }
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return new Write(path, offset, copy, Mutation.NO_TIME);
        }, () -> local.write(caller, file, offset, data), fdProbe(file.fd())));
    }

    @Override
    public int create(Caller caller, EntryRef entry, int flags, int mode) {
        return guarded("create", entry.path(), () -> {
            int fd = pipeline.execute(true, () -> new Create(paths.of(entry), mode, caller.uid(), caller.gid(), Mutation.NO_TIME),
                    () -> local.create(caller, entry, flags, mode), entryProbe(entry));
            if (fd >= 0 && (flags & NativeFs.O_TRUNC) != 0) {
                int r = pipeline.execute(false, () -> new Truncate(paths.of(entry), 0, Mutation.NO_TIME), () -> 0, fdProbe(fd));
                if (r < 0) {
                    NativeFs.close(fd);
                    return r;
                }
            }
            return fd;
        });
    }

    @Override
    public int mkdir(Caller caller, EntryRef entry, int mode) {
        return guarded("mkdir", entry.path(), () -> pipeline.execute(true,
                () -> new Mkdir(paths.of(entry), mode, caller.uid(), caller.gid()), () -> local.mkdir(caller, entry, mode),
                ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int mknod(Caller caller, EntryRef entry, int mode, long rdev) {
        return guarded("mknod", entry.path(), () -> pipeline.execute(true,
                () -> new Mknod(paths.of(entry), mode, rdev, caller.uid(), caller.gid(), Mutation.NO_TIME),
                () -> local.mknod(caller, entry, mode, rdev), entryProbe(entry)));
    }

    @Override
    public int symlink(Caller caller, EntryRef entry, String target) {
        return guarded("symlink", entry.path(), () -> pipeline.execute(true,
                () -> new Symlink(paths.of(entry), target, caller.uid(), caller.gid()), () -> local.symlink(caller, entry, target),
                ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int link(Caller caller, FileRef existing, EntryRef newEntry) {
        if (existing.path() == null) {
            log.warn("replicate: link of a file with no known name to '{}' cannot be replicated by name; done locally only",
                    newEntry.path());
            return local.link(caller, existing, newEntry);
        }
        return guarded("link", newEntry.path(), () -> pipeline.execute(true, () -> {
            String from = paths.of(existing);
            return from == null ? null : new Link(from, paths.of(newEntry));
        }, () -> local.link(caller, existing, newEntry), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int unlink(Caller caller, EntryRef entry) {
        return guarded("unlink", entry.path(), () -> pipeline.execute(true,
                () -> new Unlink(paths.of(entry)), () -> local.unlink(caller, entry), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int rmdir(Caller caller, EntryRef entry) {
        return guarded("rmdir", entry.path(), () -> pipeline.execute(true,
                () -> new Rmdir(paths.of(entry)), () -> local.rmdir(caller, entry), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int rename(Caller caller, EntryRef from, EntryRef to, int flags) {
        RenameMode mode;
        if (flags == 0) {
            mode = RenameMode.REPLACE;
        } else if (flags == NativeFs.RENAME_NOREPLACE) {
            mode = RenameMode.NOREPLACE;
        } else if (flags == NativeFs.RENAME_EXCHANGE) {
            mode = RenameMode.EXCHANGE;
        } else {
            return -Errno.EINVAL;
        }
        return guarded("rename", from.path(), () -> pipeline.execute(true,
                () -> new Rename(paths.of(from), paths.of(to), mode), () -> local.rename(caller, from, to, flags),
                ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int setattr(Caller caller, FileRef file, int openFd, SetAttr attr) {
        if (file.path() == null) {
            return local.setattr(caller, file, openFd, attr);
        }
        return guarded("setattr", file.path(), () -> {
            List<Mutation> parts = setattrParts("." , attr);
            if (parts.isEmpty()) {
                return local.setattr(caller, file, openFd, attr);
            }
            StatProbe probe = fdProbe(openFd >= 0 ? openFd : file.fd());
            int r = 0;
            for (int i = 0; i < parts.size() && r >= 0; i++) {
                int part = i;
                // The first part performs the whole setattr locally; the others only travel.
                r = pipeline.execute(false, () -> {
                    String path = paths.of(file);
                    return path == null ? null : setattrParts(path, attr).get(part);
                }, part == 0 ? () -> local.setattr(caller, file, openFd, attr) : () -> 0, probe);
            }
            return r;
        });
    }

    /** One mutation per attribute a setattr changes, in the kernel's order: mode, owner, size, times. */
    static List<Mutation> setattrParts(String path, SetAttr attr) {
        List<Mutation> parts = new ArrayList<>(2);
        if (attr.hasMode()) {
            parts.add(new Chmod(path, attr.mode() & 07777));
        }
        if (attr.hasOwner()) {
            parts.add(new Chown(path, attr.chownUid(), attr.chownGid()));
        }
        if (attr.hasSize()) {
            parts.add(new Truncate(path, attr.size(), Mutation.NO_TIME));
        }
        if (attr.hasTimes()) {
            parts.add(new SetTimes(path, time(attr.valid() & SetAttr.ATIME, attr.atimeSec(), attr.atimeNsec()),
                    time(attr.valid() & SetAttr.MTIME, attr.mtimeSec(), attr.mtimeNsec())));
        }
        return parts;
    }

    private static long time(int valid, long seconds, long nanos) {
        if (valid == 0 || nanos == NativeFs.UTIME_OMIT) {
            return Mutation.NO_TIME;
        }
        if (nanos == NativeFs.UTIME_NOW) {
            return Mutation.NOW;
        }
        return seconds * 1_000_000_000L + nanos;
    }

    @Override
    public int truncateOnOpen(Caller caller, FileRef file) {
        if (file.path() == null) {
            return local.truncateOnOpen(caller, file);
        }
        return guarded("truncate", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            return path == null ? null : new Truncate(path, 0, Mutation.NO_TIME);
        }, () -> local.truncateOnOpen(caller, file), fdProbe(file.fd())));
    }

    @Override
    public int fallocate(Caller caller, FileRef file, int mode, long offset, long length) {
        if (file.path() == null) {
            return local.fallocate(caller, file, mode, offset, length);
        }
        try {
            new Fallocate(".", mode, offset, length, Mutation.NO_TIME);
        } catch (IllegalArgumentException e) {
            log.warn("replicate: refusing fallocate on '{}': {}", file.path(), e.getMessage());
            return -Errno.EOPNOTSUPP;
        }
        return guarded("fallocate", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            return path == null ? null : new Fallocate(path, mode, offset, length, Mutation.NO_TIME);
        }, () -> local.fallocate(caller, file, mode, offset, length), fdProbe(file.fd())));
    }

    @Override
    public long copyFileRange(Caller caller, FileRef in, long offsetIn, FileRef out, long offsetOut, long length, int flags) {
        long bounded = Math.min(length, 1L << 30); // the result must fit an int; callers loop on short copies
        if (out.path() == null || in.path() == null) {
            return in.path() == null && out.path() != null ? -Errno.EXDEV // the peer has no source to copy from
                    : local.copyFileRange(caller, in, offsetIn, out, offsetOut, bounded, flags);
        }
        return guarded("copy_file_range", out.path(), () -> pipeline.execute(false, () -> {
            String source = paths.of(in);
            String target = paths.of(out);
            return source == null || target == null ? null
                    : new CopyRange(source, offsetIn, target, offsetOut, bounded, Mutation.NO_TIME);
        }, () -> (int) local.copyFileRange(caller, in, offsetIn, out, offsetOut, bounded, flags), fdProbe(out.fd())));
    }

    @Override
    public int setxattr(Caller caller, FileRef file, String name, byte[] value, int flags) {
        if (file.path() == null) {
            return local.setxattr(caller, file, name, value, flags);
        }
        return guarded("setxattr", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            return path == null ? null : new SetXattr(path, name, value.clone(), flags);
        }, () -> local.setxattr(caller, file, name, value, flags), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int removexattr(Caller caller, FileRef file, String name) {
        if (file.path() == null) {
            return local.removexattr(caller, file, name);
        }
        return guarded("removexattr", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            return path == null ? null : new RemoveXattr(path, name);
        }, () -> local.removexattr(caller, file, name), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int fsync(Caller caller, FileRef file, boolean dataOnly) {
        if (file.path() == null) {
            return local.fsync(caller, file, dataOnly);
        }
        return guarded("fsync", file.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(file);
            return path == null ? null : new Fsync(path, dataOnly);
        }, () -> local.fsync(caller, file, dataOnly), ReplicationPipeline.StatProbe.NONE));
    }

    @Override
    public int fsyncdir(Caller caller, FileRef dir, boolean dataOnly) {
        if (dir.path() == null) {
            return local.fsyncdir(caller, dir, dataOnly);
        }
        return guarded("fsyncdir", dir.path(), () -> pipeline.execute(false, () -> {
            String path = paths.of(dir);
            return path == null ? null : new Fsync(path, dataOnly);
        }, () -> local.fsyncdir(caller, dir, dataOnly), ReplicationPipeline.StatProbe.NONE));
    }

    /** The filter spells the root "", mutations spell it ".". */
    static String path(String filterPath) {
        return filterPath.isEmpty() ? "." : filterPath;
    }

    private static StatProbe fdProbe(int fd) {
        return new StatProbe() {
            @Override
            public long mtimeNanos(String path) {
                long[] st = new long[FileStat.FIELDS];
                return NativeFs.fstat(fd, st) < 0 ? Mutation.NO_TIME : nanos(FileStat.fromFields(st), true);
            }

            @Override
            public long atimeNanos(String path) {
                long[] st = new long[FileStat.FIELDS];
                return NativeFs.fstat(fd, st) < 0 ? Mutation.NO_TIME : nanos(FileStat.fromFields(st), false);
            }
        };
    }

    private static StatProbe entryProbe(EntryRef entry) {
        return path -> {
            long[] st = new long[FileStat.FIELDS];
            return NativeFs.fstatat(entry.parentFd(), entry.name(), NativeFs.AT_SYMLINK_NOFOLLOW, st) < 0
                    ? Mutation.NO_TIME : nanos(FileStat.fromFields(st), true);
        };
    }

    private static long nanos(FileStat stat, boolean mtime) {
        return mtime ? stat.mtimeSec() * 1_000_000_000L + stat.mtimeNsec() : stat.atimeSec() * 1_000_000_000L + stat.atimeNsec();
    }

    private interface Call {
        int run();
    }

    private static int guarded(String operation, String path, Call call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            log.error("replicate: {} of '{}' failed unexpectedly, answering EIO", operation, path, e);
            return -Errno.EIO;
        }
    }
}

package org.duplex.fs.filter;

import static org.duplex.fs.NativeFs.AT_EMPTY_PATH;
import static org.duplex.fs.NativeFs.AT_FDCWD;
import static org.duplex.fs.NativeFs.AT_SYMLINK_NOFOLLOW;

import java.nio.ByteBuffer;
import org.duplex.fs.NativeFs;

/**
 * Performs every mutation locally and nothing else: the filter with replication off, and the
 * base the replicating handler delegates its local step to. Stateless and thread-safe.
 */
public class PassthroughHandler implements MutationHandler {

    @Override
    public int write(Caller caller, FileRef file, long offset, ByteBuffer data) {
        return NativeFs.pwrite(file.fd(), data, offset);
    }

    @Override
    public int create(Caller caller, EntryRef entry, int flags, int mode) {
        int base = (flags | NativeFs.O_CLOEXEC) & ~NativeFs.O_NOFOLLOW;
        // O_EXCL first: only a file this call created gets the caller as owner.
        int fd = NativeFs.openat(entry.parentFd(), entry.name(), base | NativeFs.O_CREAT | NativeFs.O_EXCL, mode & 07777);
        if (fd == -org.duplex.fs.Errno.EEXIST && (flags & NativeFs.O_EXCL) == 0) {
            return NativeFs.openat(entry.parentFd(), entry.name(), base & ~NativeFs.O_CREAT, 0);
        }
        if (fd < 0) {
            return fd;
        }
        int r = NewEntries.finish(caller, entry.parentFd(), entry.name(), mode);
        if (r < 0) {
            NativeFs.close(fd);
            NativeFs.unlinkat(entry.parentFd(), entry.name(), 0);
            return r;
        }
        return fd;
    }

    @Override
    public int mkdir(Caller caller, EntryRef entry, int mode) {
        int r = NativeFs.mkdirat(entry.parentFd(), entry.name(), mode & 07777);
        return r < 0 ? r : NewEntries.finish(caller, entry.parentFd(), entry.name(), mode);
    }

    @Override
    public int mknod(Caller caller, EntryRef entry, int mode, long rdev) {
        int r = NativeFs.mknodat(entry.parentFd(), entry.name(), mode, rdev);
        return r < 0 ? r : NewEntries.finish(caller, entry.parentFd(), entry.name(), mode);
    }

    @Override
    public int symlink(Caller caller, EntryRef entry, String target) {
        int r = NativeFs.symlinkat(target, entry.parentFd(), entry.name());
        return r < 0 ? r : NewEntries.finish(caller, entry.parentFd(), entry.name(), 0);
    }

    @Override
    public int link(Caller caller, FileRef existing, EntryRef newEntry) {
        return NativeFs.linkat(AT_FDCWD, NativeFs.procPath(existing.fd()), newEntry.parentFd(), newEntry.name(),
                NativeFs.AT_SYMLINK_FOLLOW);
    }

    @Override
    public int unlink(Caller caller, EntryRef entry) {
        return NativeFs.unlinkat(entry.parentFd(), entry.name(), 0);
    }

    @Override
    public int rmdir(Caller caller, EntryRef entry) {
        return NativeFs.unlinkat(entry.parentFd(), entry.name(), NativeFs.AT_REMOVEDIR);
    }

    @Override
    public int rename(Caller caller, EntryRef from, EntryRef to, int flags) {
        return NativeFs.renameat2(from.parentFd(), from.name(), to.parentFd(), to.name(), flags);
    }

    @Override
    public int setattr(Caller caller, FileRef file, int openFd, SetAttr attr) {
        // Same order as the kernel's notify_change and libfuse's passthrough: mode, owner, size, times.
        String proc = NativeFs.procPath(file.fd());
        int r;
        if (attr.hasMode()) {
            r = openFd >= 0 ? NativeFs.fchmod(openFd, attr.mode()) : NativeFs.fchmodat(AT_FDCWD, proc, attr.mode(), 0);
            if (r < 0) {
                return r;
            }
        }
        if (attr.hasOwner()) {
            r = NativeFs.fchownat(file.fd(), "", attr.chownUid(), attr.chownGid(), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
            if (r < 0) {
                return r;
            }
        }
        if (attr.hasSize()) {
            r = openFd >= 0 ? NativeFs.ftruncate(openFd, attr.size()) : NativeFs.truncate(proc, attr.size());
            if (r < 0) {
                return r;
            }
        }
        if (attr.hasTimes()) {
            r = openFd >= 0
                    ? NativeFs.futimens(openFd, attr.atimeSec(), attr.atimeNsec(), attr.mtimeSec(), attr.mtimeNsec())
                    : NativeFs.utimensat(AT_FDCWD, proc, attr.atimeSec(), attr.atimeNsec(), attr.mtimeSec(), attr.mtimeNsec(), 0);
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    @Override
    public int truncateOnOpen(Caller caller, FileRef file) {
        return NativeFs.ftruncate(file.fd(), 0);
    }

    @Override
    public int fallocate(Caller caller, FileRef file, int mode, long offset, long length) {
        return NativeFs.fallocate(file.fd(), mode, offset, length);
    }

    @Override
    public long copyFileRange(Caller caller, FileRef in, long offsetIn, FileRef out, long offsetOut, long length, int flags) {
        return NativeFs.copyFileRange(in.fd(), offsetIn, out.fd(), offsetOut, length, flags);
    }

    @Override
    public int setxattr(Caller caller, FileRef file, String name, byte[] value, int flags) {
        return NativeFs.setxattr(NativeFs.procPath(file.fd()), name, value, flags);
    }

    @Override
    public int removexattr(Caller caller, FileRef file, String name) {
        return NativeFs.removexattr(NativeFs.procPath(file.fd()), name);
    }

    @Override
    public int fsync(Caller caller, FileRef file, boolean dataOnly) {
        return dataOnly ? NativeFs.fdatasync(file.fd()) : NativeFs.fsync(file.fd());
    }

    @Override
    public int fsyncdir(Caller caller, FileRef dir, boolean dataOnly) {
        return dataOnly ? NativeFs.fdatasync(dir.fd()) : NativeFs.fsync(dir.fd());
    }
}

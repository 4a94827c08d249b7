package org.duplex.fs.filter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.duplex.fs.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java end of the JNI upcalls (called only from {@code native/linux/filter_upcall.c}, whose
 * method table must match these names and signatures). It turns raw arguments into records,
 * applies the mount's {@link FilterMode}, and guarantees no exception returns to C: a throwing
 * handler is logged and the application gets EIO.
 */
final class UpcallDispatcher {
    private static final Logger log = LoggerFactory.getLogger(UpcallDispatcher.class);

    private final MutationHandler handler;
    private final String mountName;
    private volatile FilterMode mode;

    UpcallDispatcher(MutationHandler handler, FilterMode mode, String mountName) {
        this.handler = handler;
        this.mode = mode;
        this.mountName = mountName;
    }

    void setMode(FilterMode mode) {
        this.mode = mode;
    }

    FilterMode mode() {
        return mode;
    }

    /** Thrown by {@link #text} for a name that is not UTF-8; turned into EILSEQ. */
    private static final class BadName extends Exception {
        private static final long serialVersionUID = 1L;

        BadName() {
            super(null, null, false, false);
        }
    }

    /** Strict UTF-8 decoders, one per worker thread (a decoder is not thread-safe, and cheap to keep). */
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private static String text(byte[] raw) throws BadName {
        if (raw == null) {
            return null;
        }
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(raw, StandardCharsets.US_ASCII); // the common case, no decoder needed
        }
        try {
            return DECODER.get().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new BadName();
        }
    }

    @FunctionalInterface
    private interface Op {
        long run() throws BadName;
    }

    private long guard(String op, Op body) {
        if (mode == FilterMode.READ_ONLY) {
            return -Errno.EROFS;
        }
        try {
            return body.run();
        } catch (BadName e) {
            return -Errno.EILSEQ;
        } catch (Throwable t) {
            log.error("filter {}: handler threw on {}; the application gets EIO", mountName, op, t);
            return -Errno.EIO;
        }
    }

    private int guardInt(String op, Op body) {
        return (int) guard(op, body);
    }

    private static EntryRef entry(long parentIno, byte[] parentPath, int parentFd, byte[] name) throws BadName {
        return new EntryRef(parentIno, text(parentPath), parentFd, text(name));
    }

    // ---- called from C; keep in sync with filter_upcall.c ----

    int write(int uid, int gid, int pid, long ino, byte[] path, int fd, long offset, ByteBuffer data) {
        return guardInt("write", () -> handler.write(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd), offset, data));
    }

    int create(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, int flags, int mode) {
        return guardInt("create", () -> handler.create(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name), flags, mode));
    }

    int mkdir(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, int mode) {
        return guardInt("mkdir", () -> handler.mkdir(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name), mode));
    }

    int mknod(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, int mode, long rdev) {
        return guardInt("mknod", () -> handler.mknod(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name), mode, rdev));
    }

    int symlink(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, byte[] target) {
        return guardInt("symlink", () -> handler.symlink(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name), text(target)));
    }

    int link(int uid, int gid, int pid, long ino, byte[] path, int fd, long npino, byte[] nppath, int npfd, byte[] nname) {
        return guardInt("link", () -> handler.link(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd),
                entry(npino, nppath, npfd, nname)));
    }

    int unlink(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name) {
        return guardInt("unlink", () -> handler.unlink(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name)));
    }

    int rmdir(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name) {
        return guardInt("rmdir", () -> handler.rmdir(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name)));
    }

    int rename(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name,
               long npino, byte[] nppath, int npfd, byte[] nname, int flags) {
        return guardInt("rename", () -> handler.rename(new Caller(uid, gid, pid), entry(pino, ppath, pfd, name),
                entry(npino, nppath, npfd, nname), flags));
    }

    int setattr(int uid, int gid, int pid, long ino, byte[] path, int pathFd, int openFd, int valid, int mode,
                int newUid, int newGid, long size, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        return guardInt("setattr", () -> handler.setattr(new Caller(uid, gid, pid), new FileRef(ino, text(path), pathFd), openFd,
                new SetAttr(valid, mode, newUid, newGid, size, atimeSec, atimeNsec, mtimeSec, mtimeNsec)));
    }

    int truncateOnOpen(int uid, int gid, int pid, long ino, byte[] path, int fd) {
        return guardInt("open(O_TRUNC)", () -> handler.truncateOnOpen(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd)));
    }

    int fallocate(int uid, int gid, int pid, long ino, byte[] path, int fd, int mode, long offset, long length) {
        return guardInt("fallocate", () -> handler.fallocate(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd),
                mode, offset, length));
    }

    long copyFileRange(int uid, int gid, int pid, long inoIn, byte[] pathIn, int fdIn, long offIn,
                       long inoOut, byte[] pathOut, int fdOut, long offOut, long length, int flags) {
        return guard("copy_file_range", () -> handler.copyFileRange(new Caller(uid, gid, pid),
                new FileRef(inoIn, text(pathIn), fdIn), offIn, new FileRef(inoOut, text(pathOut), fdOut), offOut, length, flags));
    }

    int setxattr(int uid, int gid, int pid, long ino, byte[] path, int fd, byte[] name, byte[] value, int flags) {
        return guardInt("setxattr", () -> handler.setxattr(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd),
                text(name), value, flags));
    }

    int removexattr(int uid, int gid, int pid, long ino, byte[] path, int fd, byte[] name) {
        return guardInt("removexattr", () -> handler.removexattr(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd),
                text(name)));
    }

    int fsync(int uid, int gid, int pid, long ino, byte[] path, int fd, boolean dataOnly) {
        return guardInt("fsync", () -> handler.fsync(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd), dataOnly));
    }

    int fsyncdir(int uid, int gid, int pid, long ino, byte[] path, int fd, boolean dataOnly) {
        return guardInt("fsyncdir", () -> handler.fsyncdir(new Caller(uid, gid, pid), new FileRef(ino, text(path), fd), dataOnly));
    }

}

package org.duplex.fs.filter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Performs every op like {@link PassthroughHandler} and records one line per upcall. */
class RecordingHandler extends PassthroughHandler {
    private final List<String> calls = new ArrayList<>();
    private final List<Caller> callers = new ArrayList<>();
    volatile boolean lastWriteBufferDirect;

    synchronized List<String> drain() {
        List<String> copy = List.copyOf(calls);
        calls.clear();
        callers.clear();
        return copy;
    }

    synchronized List<Caller> callers() {
        return List.copyOf(callers);
    }

    private synchronized void record(Caller caller, String line) {
        calls.add(line);
        callers.add(caller);
    }

    @Override
    public int write(Caller caller, FileRef file, long offset, ByteBuffer data) {
        lastWriteBufferDirect = data.isDirect();
        record(caller, "write " + file.path() + " @" + offset + " +" + data.remaining());
        return super.write(caller, file, offset, data);
    }

    @Override
    public int create(Caller caller, EntryRef entry, int flags, int mode) {
        record(caller, "create " + entry.path());
        return super.create(caller, entry, flags, mode);
    }

    @Override
    public int mkdir(Caller caller, EntryRef entry, int mode) {
        record(caller, "mkdir " + entry.path());
        return super.mkdir(caller, entry, mode);
    }

    @Override
    public int mknod(Caller caller, EntryRef entry, int mode, long rdev) {
        record(caller, "mknod " + entry.path());
        return super.mknod(caller, entry, mode, rdev);
    }

    @Override
    public int symlink(Caller caller, EntryRef entry, String target) {
        record(caller, "symlink " + entry.path() + " -> " + target);
        return super.symlink(caller, entry, target);
    }

    @Override
    public int link(Caller caller, FileRef existing, EntryRef newEntry) {
        record(caller, "link " + existing.path() + " as " + newEntry.path());
        return super.link(caller, existing, newEntry);
    }

    @Override
    public int unlink(Caller caller, EntryRef entry) {
        record(caller, "unlink " + entry.path());
        return super.unlink(caller, entry);
    }

    @Override
    public int rmdir(Caller caller, EntryRef entry) {
        record(caller, "rmdir " + entry.path());
        return super.rmdir(caller, entry);
    }

    @Override
    public int rename(Caller caller, EntryRef from, EntryRef to, int flags) {
        record(caller, "rename " + from.path() + " to " + to.path() + (flags != 0 ? " flags " + flags : ""));
        return super.rename(caller, from, to, flags);
    }

    @Override
    public int setattr(Caller caller, FileRef file, int openFd, SetAttr attr) {
        record(caller, "setattr " + file.path() + " valid " + attr.valid());
        return super.setattr(caller, file, openFd, attr);
    }

    @Override
    public int truncateOnOpen(Caller caller, FileRef file) {
        record(caller, "truncateOnOpen " + file.path());
        return super.truncateOnOpen(caller, file);
    }

    @Override
    public int fallocate(Caller caller, FileRef file, int mode, long offset, long length) {
        record(caller, "fallocate " + file.path());
        return super.fallocate(caller, file, mode, offset, length);
    }

    @Override
    public long copyFileRange(Caller caller, FileRef in, long offsetIn, FileRef out, long offsetOut, long length, int flags) {
        record(caller, "copyFileRange " + in.path() + " to " + out.path());
        return super.copyFileRange(caller, in, offsetIn, out, offsetOut, length, flags);
    }

    @Override
    public int setxattr(Caller caller, FileRef file, String name, byte[] value, int flags) {
        record(caller, "setxattr " + file.path() + " " + name);
        return super.setxattr(caller, file, name, value, flags);
    }

    @Override
    public int removexattr(Caller caller, FileRef file, String name) {
        record(caller, "removexattr " + file.path() + " " + name);
        return super.removexattr(caller, file, name);
    }

    @Override
    public int fsync(Caller caller, FileRef file, boolean dataOnly) {
        record(caller, (dataOnly ? "fdatasync " : "fsync ") + file.path());
        return super.fsync(caller, file, dataOnly);
    }

    @Override
    public int fsyncdir(Caller caller, FileRef dir, boolean dataOnly) {
        record(caller, "fsyncdir " + dir.path());
        return super.fsyncdir(caller, dir, dataOnly);
    }
}

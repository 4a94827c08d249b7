package org.duplex.replication.mutation;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One replicated file-system operation, as the primary performed it and the secondary must repeat it.
 *
 * <p>Path-based: every path is relative to the replicated directory's root and validated by
 * {@link ReplicatedPath#require} when the record is built, so a mutation that exists is one that
 * cannot name anything outside the root by its spelling. Values that the primary resolved locally
 * travel resolved: UTIME_NOW becomes the concrete time the primary set, and the operations that change
 * a regular file's content carry the file's resulting mtime so both copies end with the same mtime
 * (see docs/PROTOCOL.md, "What is kept").
 *
 * <p>Owner ids of -1 mean "leave as created" (the applier then keeps its own process's ids). Times are
 * nanoseconds since the epoch; {@link #NO_TIME} means "not carried / leave unchanged" (UTIME_OMIT).
 */
public sealed interface Mutation {
    /** A time that is not carried: the applier leaves that timestamp alone. */
    long NO_TIME = Long.MIN_VALUE;

    /**
     * UTIME_NOW in a {@link SetTimes} built by the primary's handler: the pipeline replaces it with
     * the time the primary actually set before sending; it never travels.
     */
    long NOW = Long.MIN_VALUE + 1;

    /** An owner id (uid or gid) that is not carried. */
    int NO_OWNER = -1;

    /** The entry this mutation changes (for a rename or link: the destination's source, see each record). */
    String path();

    /** pwrite(2) of {@code data} at {@code offset}; {@code mtimeNanos} is the file's mtime after the write. */
    record Write(String path, long offset, byte[] data, long mtimeNanos) implements Mutation {
        public Write {
            ReplicatedPath.require(path);
            nonNegative(offset, "offset");
            if (data == null) {
                throw new IllegalArgumentException("write to '" + path + "' has no data");
            }
        }

        /** The first {@code length} bytes only (a short write). */
        public Write truncatedTo(int length) {
            return length >= data.length ? this : new Write(path, offset, Arrays.copyOf(data, length), mtimeNanos);
        }

        public Write withMtime(long mtime) {
            return new Write(path, offset, data, mtime);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Write w && w.path.equals(path) && w.offset == offset
                    && w.mtimeNanos == mtimeNanos && Arrays.equals(w.data, data);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + Long.hashCode(offset) * 7 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Write[" + path + " @" + offset + " +" + data.length + " mtime=" + mtimeNanos + "]";
        }
    }

    /** truncate(2) to {@code size}; {@code mtimeNanos} is the file's mtime afterwards. */
    record Truncate(String path, long size, long mtimeNanos) implements Mutation {
        public Truncate {
            ReplicatedPath.require(path);
            nonNegative(size, "size");
        }

        public Truncate withMtime(long mtime) {
            return new Truncate(path, size, mtime);
        }
    }

    /**
     * Creation of a regular file (open with O_CREAT that created it). {@code uid}/{@code gid} are the
     * creating caller's, {@code mode} the requested one; both sides apply fs's NewEntries rules.
     * {@code mtimeNanos} is the new file's mtime.
     */
    record Create(String path, int mode, int uid, int gid, long mtimeNanos) implements Mutation {
        public Create {
            ReplicatedPath.require(path);
        }

        public Create withMtime(long mtime) {
            return new Create(path, mode, uid, gid, mtime);
        }
    }

    /** mkdir(2). */
    record Mkdir(String path, int mode, int uid, int gid) implements Mutation {
        public Mkdir {
            ReplicatedPath.require(path);
        }
    }

    /** mknod(2): FIFOs, sockets, device nodes ({@code mode} includes the file type bits). */
    record Mknod(String path, int mode, long rdev, int uid, int gid, long mtimeNanos) implements Mutation {
        public Mknod {
            ReplicatedPath.require(path);
        }

        public Mknod withMtime(long mtime) {
            return new Mknod(path, mode, rdev, uid, gid, mtime);
        }
    }

    /** symlink(2): {@code target} is stored as is, never resolved by the applier. */
    record Symlink(String path, String target, int uid, int gid) implements Mutation {
        public Symlink {
            ReplicatedPath.require(path);
            if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("symlink '" + path + "' has an empty target or one with NUL");
            }
        }
    }

    /** link(2): a new name {@code path} for the existing file {@code existing}. */
    record Link(String existing, String path) implements Mutation {
        public Link {
            ReplicatedPath.require(existing);
            ReplicatedPath.require(path);
        }
    }

    /** unlink(2). */
    record Unlink(String path) implements Mutation {
        public Unlink {
            ReplicatedPath.require(path);
        }
    }

    /** rmdir(2). */
    record Rmdir(String path) implements Mutation {
        public Rmdir {
            ReplicatedPath.require(path);
        }
    }

    /** renameat2(2) of {@code path} to {@code target}. */
    record Rename(String path, String target, RenameMode mode) implements Mutation {
        public Rename {
            ReplicatedPath.require(path);
            ReplicatedPath.require(target);
            if (mode == null) {
                throw new IllegalArgumentException("rename of '" + path + "' has no mode");
            }
        }
    }

    /** chmod(2) with the permission bits (07777). */
    record Chmod(String path, int mode) implements Mutation {
        public Chmod {
            ReplicatedPath.require(path);
            if ((mode & ~07777) != 0) {
                throw new IllegalArgumentException("chmod of '" + path + "' with non-permission bits 0" + Integer.toOctalString(mode));
            }
        }
    }

    /** lchown(2) (never follows a symlink); -1 leaves that id unchanged. */
    record Chown(String path, int uid, int gid) implements Mutation {
        public Chown {
            ReplicatedPath.require(path);
        }
    }

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW, both times concrete or {@link #NO_TIME} (UTIME_OMIT). */
    record SetTimes(String path, long atimeNanos, long mtimeNanos) implements Mutation {
        public SetTimes {
            ReplicatedPath.require(path);
        }
    }

    /** fallocate(2) with its Linux {@code mode} flags; {@code mtimeNanos} is the file's mtime afterwards. */
    record Fallocate(String path, int mode, long offset, long length, long mtimeNanos) implements Mutation {
        /** FALLOC_FL_KEEP_SIZE. */
        public static final int KEEP_SIZE = 0x01;
        /** FALLOC_FL_PUNCH_HOLE (always with KEEP_SIZE). */
        public static final int PUNCH_HOLE = 0x02;
        /** FALLOC_FL_ZERO_RANGE. */
        public static final int ZERO_RANGE = 0x10;

        public Fallocate {
            ReplicatedPath.require(path);
            nonNegative(offset, "offset");
            if (length <= 0) {
                throw new IllegalArgumentException("fallocate of '" + path + "' with length " + length + " (must be > 0)");
            }
            if ((mode & ~(KEEP_SIZE | PUNCH_HOLE | ZERO_RANGE)) != 0) {
                throw new IllegalArgumentException("fallocate of '" + path + "' with unsupported mode 0x" + Integer.toHexString(mode));
            }
        }

        public Fallocate withMtime(long mtime) {
            return new Fallocate(path, mode, offset, length, mtime);
        }
    }

    /**
     * copy_file_range(2) of {@code length} bytes from {@code source} at {@code sourceOffset} into
     * {@code path} at {@code offset}: the secondary copies from its own copy of the source, so no data
     * travels. {@code mtimeNanos} is the target's mtime afterwards.
     */
    record CopyRange(String source, long sourceOffset, String path, long offset, long length, long mtimeNanos)
            implements Mutation {
        public CopyRange {
            ReplicatedPath.require(source);
            ReplicatedPath.require(path);
            nonNegative(sourceOffset, "source offset");
            nonNegative(offset, "offset");
            nonNegative(length, "length");
        }

        public CopyRange withMtime(long mtime) {
            return new CopyRange(source, sourceOffset, path, offset, length, mtime);
        }
    }

    /** lsetxattr(2); {@code flags} are XATTR_CREATE (1) / XATTR_REPLACE (2). */
    record SetXattr(String path, String name, byte[] value, int flags) implements Mutation {
        public SetXattr {
            ReplicatedPath.require(path);
            requireXattrName(path, name);
            if (value == null) {
                throw new IllegalArgumentException("setxattr " + name + " on '" + path + "' has no value");
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SetXattr s && s.path.equals(path) && s.name.equals(name)
                    && s.flags == flags && Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return (path.hashCode() * 31 + name.hashCode()) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "SetXattr[" + path + " " + name + "=" + HexFormat.of().formatHex(value, 0, Math.min(16, value.length))
                    + (value.length > 16 ? "..." : "") + " flags=" + flags + "]";
        }
    }

    /** lremovexattr(2). */
    record RemoveXattr(String path, String name) implements Mutation {
        public RemoveXattr {
            ReplicatedPath.require(path);
            requireXattrName(path, name);
        }
    }

    /**
     * fsync(2) / fdatasync(2) barrier: the secondary makes {@code path} durable and then acks DURABLE,
     * which is what the primary's fsync waits for in every async mode.
     */
    record Fsync(String path, boolean dataOnly) implements Mutation {
        public Fsync {
            ReplicatedPath.require(path);
        }
    }

    private static void nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " " + value + " is negative");
        }
    }

    private static void requireXattrName(String path, String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.length() > 255) {
            throw new IllegalArgumentException("bad xattr name on '" + path + "' (empty, too long or NUL)");
        }
    }
}

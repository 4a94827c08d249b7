package org.duplex.fs.filter;

import org.duplex.fs.NativeFs;

/**
 * What a setattr (chmod, chown, truncate, utimens) changes. {@code valid} says which fields are
 * meaningful; its bits are FUSE's {@code FUSE_SET_ATTR_*} values (kernel ABI, stable).
 * A time's nanosecond field may be {@link NativeFs#UTIME_NOW}; an unchanged time has
 * {@link NativeFs#UTIME_OMIT}, so the four time fields can go straight to {@code utimensat}.
 */
public record SetAttr(int valid, int mode, int uid, int gid, long size,
                      long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
    public static final int MODE = 1 << 0;
    public static final int UID = 1 << 1;
    public static final int GID = 1 << 2;
    public static final int SIZE = 1 << 3;
    public static final int ATIME = 1 << 4;
    public static final int MTIME = 1 << 5;

    public boolean hasMode() {
        return (valid & MODE) != 0;
    }

    public boolean hasOwner() {
        return (valid & (UID | GID)) != 0;
    }

    public boolean hasSize() {
        return (valid & SIZE) != 0;
    }

    public boolean hasTimes() {
        return (valid & (ATIME | MTIME)) != 0;
    }

    /** The uid to pass to chown: the new one, or -1 (unchanged). */
    public int chownUid() {
        return (valid & UID) != 0 ? uid : -1;
    }

    /** The gid to pass to chown: the new one, or -1 (unchanged). */
    public int chownGid() {
        return (valid & GID) != 0 ? gid : -1;
    }
}

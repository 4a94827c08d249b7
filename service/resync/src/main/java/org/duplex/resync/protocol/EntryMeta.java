package org.duplex.resync.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a replicated tree as both sides compare it: type, size, POSIX mode and owner,
 * modification time (nanoseconds since the epoch; compared for regular files only), symlink
 * target and {@code user.*} extended attributes. {@code path} is relative to the replicated root,
 * '/'-separated ("" is the root itself).
 */
public record EntryMeta(String path, EntryType type, long size, int mode, int uid, int gid, long mtimeNanos,
                        String linkTarget, Map<String, byte[]> xattrs) {

    public EntryMeta {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        xattrs = xattrs == null ? Map.of() : new TreeMap<>(xattrs);
    }

    /** The last path component. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** True when everything but the content of a regular file matches (what resync must set). */
    public boolean sameAttributes(EntryMeta other) {
        return type == other.type && mode == other.mode && uid == other.uid && gid == other.gid
                && Objects.equals(linkTarget, other.linkTarget) && sameXattrs(other)
                && (type != EntryType.FILE || (size == other.size && mtimeNanos == other.mtimeNanos));
    }

    private boolean sameXattrs(EntryMeta other) {
        if (!xattrs.keySet().equals(other.xattrs.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.xattrs.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Which attribute differs, for verify reports; empty when {@link #sameAttributes}. */
    public String describeDifference(EntryMeta other) {
        return describeDifference(other, true);
    }

    /** As {@link #describeDifference(EntryMeta)}, leaving out the size when {@code withSize} is false. */
    public String describeDifference(EntryMeta other, boolean withSize) {
        StringBuilder sb = new StringBuilder();
        if (type != other.type) sb.append(" type ").append(type).append("/").append(other.type);
        if (withSize && size != other.size && type == EntryType.FILE) sb.append(" size ").append(size).append("/").append(other.size);
        if (mode != other.mode) sb.append(" mode ").append(Integer.toOctalString(mode)).append("/")
                .append(Integer.toOctalString(other.mode));
        if (uid != other.uid || gid != other.gid) sb.append(" owner ").append(uid).append(":").append(gid)
                .append("/").append(other.uid).append(":").append(other.gid);
        if (type == EntryType.FILE && mtimeNanos != other.mtimeNanos) sb.append(" mtime ").append(mtimeNanos)
                .append("/").append(other.mtimeNanos);
        if (!Objects.equals(linkTarget, other.linkTarget)) sb.append(" link ").append(linkTarget).append("/")
                .append(other.linkTarget);
        if (!sameXattrs(other)) sb.append(" xattrs ").append(xattrs.keySet()).append("/").append(other.xattrs.keySet());
        return sb.toString().trim();
    }
}

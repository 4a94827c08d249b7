package org.duplex.fs.filter;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duplex.fs.ErrnoException;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;

/**
 * A comparable description of a directory tree: per relative path its type, permissions, owner,
 * size, link count, content digest (first and last MiB), symlink target, user xattrs, and
 * whether a large file is sparse. Inode numbers and times are left out (they legitimately differ).
 */
final class TreeSnapshot {
    private static final int EDGE = 1 << 20;

    private TreeSnapshot() {}

    static TreeMap<String, String> of(Path root) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            out.put(rel.isEmpty() ? "." : rel, describe(p));
        }
        return out;
    }

    static String describe(Path p) throws ErrnoException {
        FileStat st = FileStat.at(NativeFs.AT_FDCWD, p.toString(), NativeFs.AT_SYMLINK_NOFOLLOW);
        StringBuilder b = new StringBuilder();
        b.append(String.format("type=%o perm=%o uid=%d gid=%d", st.type(), st.permissions(), st.uid(), st.gid()));
        if (st.isRegularFile()) {
            b.append(" size=").append(st.size()).append(" nlink=").append(st.nlink());
            b.append(" content=").append(digest(p.toString(), st.size()));
            if (st.size() > 64L << 20) {
                b.append(" sparse=").append(st.blocks() * 512 < st.size());
            }
        } else if (st.isSymlink()) {
            b.append(" -> ").append(NativeFs.readlinkat(NativeFs.AT_FDCWD, p.toString(), new int[1]));
        }
        if (!st.isSymlink()) {
            for (String name : new String[] {"user.a", "user.b"}) {
                byte[] v = NativeFs.lgetxattr(p.toString(), name, new int[1]);
                if (v != null) {
                    b.append(' ').append(name).append('=').append(HexFormat.of().formatHex(v));
                }
            }
        }
        return b.toString();
    }

    /** Hash of the first and last MiB (the whole file when small). */
    static String digest(String path, long size) throws ErrnoException {
        int fd = (int) ErrnoException.check(NativeFs.openat(NativeFs.AT_FDCWD, path, NativeFs.O_RDONLY, 0), "open " + path);
        try {
            long h = 1125899906842597L;
            long[] starts = size <= 2L * EDGE ? new long[] {0} : new long[] {0, size - EDGE};
            for (long start : starts) {
                long end = size <= 2L * EDGE ? size : start + EDGE;
                ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
                for (long off = start; off < end; ) {
                    buf.clear().limit((int) Math.min(buf.capacity(), end - off));
                    int n = (int) ErrnoException.check(NativeFs.pread(fd, buf, off), "read " + path);
                    if (n == 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        h = 31 * h + buf.get(i);
                    }
                    off += n;
                }
            }
            return Long.toHexString(h);
        } finally {
            NativeFs.close(fd);
        }
    }
}

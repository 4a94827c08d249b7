package org.duplex.replication.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a replica must reproduce about a directory tree, as one comparable map: per relative
 * path the type, permission bits, owner, size, content digest, symlink target, user xattrs and, for
 * regular files, the mtime. Directory mtimes and all atimes/ctimes are left out (not replicated).
 */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String relative = root.relativize(path).toString();
                entries.put(relative.isEmpty() ? "." : relative, describe(path));
            }
        }
        return entries;
    }

    private static String describe(Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "symlink -> " + Files.readSymbolicLink(path) + " " + owner;
        }
        StringBuilder d = new StringBuilder();
        d.append(a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other")
                .append(" mode=").append(Integer.toOctalString(mode & 07777)).append(' ').append(owner);
        if (a.isRegularFile()) {
            byte[] content = Files.readAllBytes(path);
            d.append(" size=").append(content.length)
                    .append(" sha=").append(HexFormat.of().formatHex(sha256(content), 0, 8))
                    .append(" mtime=").append(a.lastModifiedTime().toInstant());
        }
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        for (String name : new java.util.TreeSet<>(xattrs.list())) {
            ByteBuffer value = ByteBuffer.allocate(xattrs.size(name));
            xattrs.read(name, value);
            d.append(" user.").append(name).append('=').append(HexFormat.of().formatHex(value.array()));
        }
        return d.toString();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

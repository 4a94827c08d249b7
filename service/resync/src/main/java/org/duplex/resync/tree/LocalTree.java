package org.duplex.resync.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.duplex.common.UserError;
import org.duplex.resync.hash.BlockHasher;
import org.duplex.resync.hash.FileDigest;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;

/**
 * The driver between resync and one node's replicated directory (the underlying directory, not the
 * FUSE mount): stat, list, hash, read, write, and set attributes, never following symlinks.
 *
 * <p>Every relative path is checked before use: no absolute paths, no {@code ..} or empty
 * components, and no symlink among its parent directories, so a peer cannot make us touch anything
 * outside the root.
 */
public final class LocalTree {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final Path root;

    public LocalTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Never follow symlinks inside the tree; the root itself is followed, so a tree may be rooted
     * at {@code /proc/self/fd/N} (the directory underneath a mount, reached through a pre-mount fd).
     */
    private LinkOption[] noFollow(Path p) {
        return p.equals(root) ? new LinkOption[0] : new LinkOption[] {NOFOLLOW};
    }

    public Path root() {
        return root;
    }

    /** The absolute path of {@code rel}, after checking it stays inside the root. */
    public Path resolve(String rel) throws IOException {
        if (rel.isEmpty()) {
            return root;
        }
        if (rel.startsWith("/") || rel.endsWith("/") || rel.contains("\0")) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "resync path '" + rel + "' is not relative to " + root);
        }
        Path p = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new UserError(UserError.Kind.INVALID_INPUT,
                        "resync path '" + rel + "' has a bad component '" + part + "' (would leave " + root + ")");
            }
            p = p.resolve(part);
            if (i < parts.length - 1 && Files.isSymbolicLink(p)) {
                throw new UserError(UserError.Kind.INVALID_INPUT,
                        "resync path '" + rel + "' goes through symlink '" + root.relativize(p) + "' in " + root);
            }
        }
        return p;
    }

    /** The entry's attributes, or null when it does not exist. */
    public EntryMeta stat(String rel) throws IOException {
        Path p = resolve(rel);
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile",
                    noFollow(p));
        } catch (NoSuchFileException e) {
            return null;
        }
        EntryType type = (Boolean) unix.get("isSymbolicLink") ? EntryType.SYMLINK
                : (Boolean) unix.get("isDirectory") ? EntryType.DIRECTORY
                : (Boolean) unix.get("isRegularFile") ? EntryType.FILE : EntryType.OTHER;
        int mode = ((Integer) unix.get("mode")) & 07777;
        long size = type == EntryType.FILE ? (Long) unix.get("size") : 0;
        long mtime = ((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        String link = type == EntryType.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        Map<String, byte[]> xattrs = type == EntryType.SYMLINK ? Map.of() : readXattrs(p);
        return new EntryMeta(rel, type, size, mode, (Integer) unix.get("uid"), (Integer) unix.get("gid"),
                type == EntryType.FILE ? mtime : 0, link, xattrs);
    }

    /** Entries of directory {@code rel}, sorted by name; empty when it is not a directory. */
    public List<EntryMeta> list(String rel) throws IOException {
        Path dir = resolve(rel);
        if (!Files.isDirectory(dir, noFollow(dir))) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                names.add(child.getFileName().toString());
            }
        }
        names.sort(Comparator.naturalOrder());
        List<EntryMeta> out = new ArrayList<>(names.size());
        for (String name : names) {
            EntryMeta m = stat(rel.isEmpty() ? name : rel + "/" + name);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    public FileDigest digest(String rel, int blockBytes, int fromBlock) throws IOException {
        return BlockHasher.digest(resolve(rel), blockBytes, fromBlock);
    }

    /** Reads up to {@code length} bytes at {@code offset} (fewer at the end of the file). */
    public byte[] read(String rel, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(resolve(rel), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, ch.size() - offset)));
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    break;
                }
            }
            return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** As {@link #read}, but an absent or non-regular file reads as empty. */
    public byte[] readOrEmpty(String rel, long offset, int length) throws IOException {
        Path p = resolve(rel);
        if (!Files.isRegularFile(p, noFollow(p))) {
            return new byte[0];
        }
        try {
            return read(rel, offset, length);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /** Writes {@code data} at {@code offset}, creating the file (mode 0600 until its attributes come). */
    public void write(String rel, long offset, byte[] data) throws IOException {
        Path p = resolve(rel);
        replaceIfNotType(p, EntryType.FILE);
        Files.createDirectories(p.getParent());
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf, offset + buf.position());
            }
        }
    }

    /** Makes the entry match {@code meta} (see {@code ResyncRequest.PutEntry}). */
    public void put(EntryMeta meta) throws IOException {
        Path p = resolve(meta.path());
        if (!meta.path().isEmpty()) {
            Files.createDirectories(p.getParent());
        }
        switch (meta.type()) {
            case DIRECTORY -> {
                replaceIfNotType(p, EntryType.DIRECTORY);
                Files.createDirectories(p);
            }
            case SYMLINK -> {
                EntryMeta now = stat(meta.path());
                if (now == null || now.type() != EntryType.SYMLINK || !now.linkTarget().equals(meta.linkTarget())) {
                    delete(meta.path());
                    Files.createSymbolicLink(p, Path.of(meta.linkTarget()));
                }
            }
            case FILE -> {
                replaceIfNotType(p, EntryType.FILE);
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                    if (ch.size() > meta.size()) {
                        ch.truncate(meta.size());
                    } else if (ch.size() < meta.size()) {
                        ch.write(ByteBuffer.allocate(1), meta.size() - 1); // extends with zeros
                    }
                }
            }
            case OTHER -> {
                return;
            }
        }
        Files.setAttribute(p, "unix:uid", meta.uid(), noFollow(p));
        Files.setAttribute(p, "unix:gid", meta.gid(), noFollow(p));
        if (meta.type() != EntryType.SYMLINK) {
            Files.setAttribute(p, "unix:mode", meta.mode(), noFollow(p));
            writeXattrs(p, meta.xattrs());
        }
        if (meta.type() == EntryType.FILE) {
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, noFollow(p))
                    .setTimes(FileTime.from(meta.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
        }
    }

    /** Removes {@code rel} (recursively, never following symlinks); absent is fine. */
    public void delete(String rel) throws IOException {
        Path p = resolve(rel);
        if (!Files.exists(p, noFollow(p))) {
            return;
        }
        if (!Files.isDirectory(p, noFollow(p))) {
            Files.delete(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Renames when {@code from} exists; returns whether it did. */
    public boolean rename(String from, String to) throws IOException {
        Path src = resolve(from);
        Path dst = resolve(to);
        if (!Files.exists(src, noFollow(src))) {
            return false;
        }
        if (Files.isDirectory(dst, noFollow(dst))) {
            delete(to);
        }
        Files.createDirectories(dst.getParent());
        Files.move(src, dst, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private void replaceIfNotType(Path p, EntryType wanted) throws IOException {
        if (!Files.exists(p, noFollow(p))) {
            return;
        }
        boolean ok = switch (wanted) {
            case FILE -> Files.isRegularFile(p, noFollow(p));
            case DIRECTORY -> Files.isDirectory(p, noFollow(p));
            default -> false;
        };
        if (!ok) {
            delete(root.relativize(p).toString());
        }
    }

    private Map<String, byte[]> readXattrs(Path p) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, noFollow(p));
        if (view == null) {
            return Map.of();
        }
        List<String> names;
        try {
            names = view.list();
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            return Map.of();
        }
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : names) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(name));
            view.read(name, buf);
            out.put(name, buf.array());
        }
        return out;
    }

    private void writeXattrs(Path p, Map<String, byte[]> wanted) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, noFollow(p));
        if (view == null) {
            return;
        }
        Map<String, byte[]> now = readXattrs(p);
        for (String name : now.keySet()) {
            if (!wanted.containsKey(name)) {
                view.delete(name);
            }
        }
        for (Map.Entry<String, byte[]> e : wanted.entrySet()) {
            if (!java.util.Arrays.equals(now.get(e.getKey()), e.getValue())) {
                view.write(e.getKey(), ByteBuffer.wrap(e.getValue()));
            }
        }
    }
}

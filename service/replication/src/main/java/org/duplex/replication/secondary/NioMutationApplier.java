package org.duplex.replication.secondary;

import static org.duplex.replication.secondary.BeneathResolver.Final.ENTRY_ITSELF;
import static org.duplex.replication.secondary.BeneathResolver.Final.NO_SYMLINK;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;

/**
 * Applies mutations with java.nio under a root, resolving every path through {@link BeneathResolver}.
 * It is the portable applier (tests, and until the NativeFs-based one exists); what plain Java cannot
 * express exactly is emulated for content and said so:
 * <ul>
 *   <li>fallocate: sizes and zeroed ranges are reproduced, block allocation and holes are not;</li>
 *   <li>RENAME_EXCHANGE: three renames through a temporary name in the source directory (not atomic;
 *       the secondary has no concurrent reader that could see the intermediate state);</li>
 *   <li>mknod: only regular files; FIFOs, sockets and devices fail with a clear error;</li>
 *   <li>xattrs: only the {@code user.} namespace.</li>
 * </ul>
 * Open channels are cached (single applier thread) and dropped on any rename, unlink or rmdir.
 */
public final class NioMutationApplier implements MutationApplier {
    private static final int OPEN_CHANNELS_MAX = 64;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_ISGID = 02000;
    private static final byte[] ZEROS = new byte[64 << 10];

    private final BeneathResolver resolver;
    private final Map<String, FileChannel> channels = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
            if (size() > OPEN_CHANNELS_MAX) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public NioMutationApplier(Path root) throws IOException {
        this.resolver = new BeneathResolver(root);
    }

    public Path root() {
        return resolver.root();
    }

    @Override
    public void apply(Mutation mutation) throws IOException {
        switch (mutation) {
            case Write m -> write(m);
            case Truncate m -> { setSize(channel(m.path()), m.size()); setMtime(m.path(), m.mtimeNanos()); }
            case Create m -> create(m);
            case Mkdir m -> mkdir(m);
            case Mknod m -> mknod(m);
            case Symlink m -> symlink(m);
            case Link m -> Files.createLink(resolver.resolve(m.path(), ENTRY_ITSELF), resolver.resolve(m.existing(), ENTRY_ITSELF));
            case Unlink m -> unlink(m);
            case Rmdir m -> rmdir(m);
            case Rename m -> rename(m);
            case Chmod m -> Files.setAttribute(existing(m.path(), NO_SYMLINK), "unix:mode", m.mode());
            case Chown m -> chown(existing(m.path(), ENTRY_ITSELF), m.uid(), m.gid());
            case SetTimes m -> setTimes(existing(m.path(), ENTRY_ITSELF), m.atimeNanos(), m.mtimeNanos());
            case Fallocate m -> fallocate(m);
            case CopyRange m -> copyRange(m);
            case SetXattr m -> setXattr(m);
            case RemoveXattr m -> xattrView(m.path(), m.name()).delete(userName(m.path(), m.name()));
            case Fsync m -> fsync(m);
        }
    }

    @Override
    public void close() {
        channels.values().forEach(NioMutationApplier::closeQuietly);
        channels.clear();
    }

    private void write(Write m) throws IOException {
        FileChannel channel = channel(m.path());
        ByteBuffer data = ByteBuffer.wrap(m.data());
        long position = m.offset();
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        setMtime(m.path(), m.mtimeNanos());
    }

    private void create(Create m) throws IOException {
        Path path = resolver.resolve(m.path(), NO_SYMLINK);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(m.path(), null, "exists on the secondary and is not a regular file");
            }
            return; // O_CREAT without O_EXCL on an existing file: the primary opened it
        }
        Files.createFile(path);
        finishNewEntry(path, m.mode(), m.uid(), m.gid());
        setMtime(m.path(), m.mtimeNanos());
    }

    private void mkdir(Mkdir m) throws IOException {
        Path path = resolver.resolve(m.path(), ENTRY_ITSELF);
        Files.createDirectory(path);
        finishNewEntry(path, m.mode(), m.uid(), m.gid());
    }

    private void mknod(Mknod m) throws IOException {
        if ((m.mode() & S_IFMT) != S_IFREG) {
            throw new IOException("mknod of '" + m.path() + "' with type 0" + Integer.toOctalString(m.mode() & S_IFMT)
                    + ": only regular files are supported by the NIO applier");
        }
        Path path = resolver.resolve(m.path(), ENTRY_ITSELF);
        Files.createFile(path);
        finishNewEntry(path, m.mode(), m.uid(), m.gid());
        setMtime(m.path(), m.mtimeNanos());
    }

    private void symlink(Symlink m) throws IOException {
        Path path = resolver.resolve(m.path(), ENTRY_ITSELF);
        Files.createSymbolicLink(path, Path.of(m.target()));
        chown(path, m.uid(), parentIsSetgid(path) ? Mutation.NO_OWNER : m.gid());
    }

    private void unlink(Unlink m) throws IOException {
        Path path = existing(m.path(), ENTRY_ITSELF);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("unlink of '" + m.path() + "': it is a directory on the secondary");
        }
        dropChannels();
        Files.delete(path);
    }

    private void rmdir(Rmdir m) throws IOException {
        Path path = existing(m.path(), ENTRY_ITSELF);
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(m.path());
        }
        dropChannels();
        Files.delete(path); // throws DirectoryNotEmptyException like rmdir(2)
    }

    private void rename(Rename m) throws IOException {
        Path source = existing(m.path(), ENTRY_ITSELF);
        Path target = resolver.resolve(m.target(), ENTRY_ITSELF);
        dropChannels();
        if (source.equals(target) && m.mode() != RenameMode.NOREPLACE) {
            return; // rename(2) of a name onto itself changes nothing
        }
        switch (m.mode()) {
            case REPLACE -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            case NOREPLACE -> {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(m.target(), null, "RENAME_NOREPLACE target exists on the secondary");
                }
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            }
            case EXCHANGE -> {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(m.target(), null, "RENAME_EXCHANGE target missing on the secondary");
                }
                Path temporary = source.resolveSibling(".duplex-exchange-" + System.nanoTime());
                Files.move(source, temporary, StandardCopyOption.ATOMIC_MOVE);
                Files.move(target, source, StandardCopyOption.ATOMIC_MOVE);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void fallocate(Fallocate m) throws IOException {
        FileChannel channel = channel(m.path());
        long size = channel.size();
        long end = m.offset() + m.length();
        boolean keepSize = (m.mode() & Fallocate.KEEP_SIZE) != 0;
        if ((m.mode() & (Fallocate.PUNCH_HOLE | Fallocate.ZERO_RANGE)) != 0) {
            zero(channel, m.offset(), keepSize ? Math.min(end, size) : end);
        }
        if (!keepSize && end > size) {
            setSize(channel, end);
        }
        setMtime(m.path(), m.mtimeNanos());
    }

    private void copyRange(CopyRange m) throws IOException {
        FileChannel source = channel(m.source());
        FileChannel target = channel(m.path());
        boolean sameFile = Files.isSameFile(existing(m.source(), NO_SYMLINK), existing(m.path(), NO_SYMLINK));
        if (sameFile && m.sourceOffset() < m.offset() + m.length() && m.offset() < m.sourceOffset() + m.length()) {
            throw new IOException("copy range within '" + m.path() + "' with overlapping ranges (EINVAL, as copy_file_range(2))");
        }
        long done = 0;
        while (done < m.length()) {
            target.position(m.offset() + done);
            long n = source.transferTo(m.sourceOffset() + done, m.length() - done, target);
            if (n <= 0) {
                break; // source shorter than the range: copy_file_range(2) copies what exists
            }
            done += n;
        }
        setMtime(m.path(), m.mtimeNanos());
    }

    private void setXattr(SetXattr m) throws IOException {
        UserDefinedFileAttributeView view = xattrView(m.path(), m.name());
        String name = userName(m.path(), m.name());
        boolean exists = view.list().contains(name);
        if ((m.flags() & 1) != 0 && exists) {
            throw new FileAlreadyExistsException(m.path(), null, "xattr " + m.name() + " exists (XATTR_CREATE)");
        }
        if ((m.flags() & 2) != 0 && !exists) {
            throw new NoSuchFileException(m.path(), null, "xattr " + m.name() + " missing (XATTR_REPLACE)");
        }
        view.write(name, ByteBuffer.wrap(m.value()));
    }

    private void fsync(Fsync m) throws IOException {
        Path path = existing(m.path(), NO_SYMLINK);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel directory = FileChannel.open(path, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return;
        }
        channel(m.path()).force(!m.dataOnly());
    }

    private FileChannel channel(String relative) throws IOException {
        FileChannel channel = channels.get(relative);
        if (channel != null) {
            return channel;
        }
        Path path = existing(relative, NO_SYMLINK);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("'" + relative + "' is not a regular file on the secondary");
        }
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        channels.put(relative, channel);
        return channel;
    }

    private Path existing(String relative, BeneathResolver.Final finalRule) throws IOException {
        Path path = resolver.resolve(relative, finalRule);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(relative, null, "missing on the secondary");
        }
        return path;
    }

    private void setMtime(String relative, long mtimeNanos) throws IOException {
        if (mtimeNanos != Mutation.NO_TIME) {
            setTimes(existing(relative, NO_SYMLINK), Mutation.NO_TIME, mtimeNanos);
        }
    }

    private static void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(fileTime(mtimeNanos), fileTime(atimeNanos), null);
    }

    private static FileTime fileTime(long nanos) {
        return nanos == Mutation.NO_TIME ? null : FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Owner and mode of a new entry, by the rules of fs's {@code NewEntries.finish} (which the
     * primary's filter applies): owner = the creating caller; group = the caller's, except under
     * a set-group-id directory (the directory's group stays, a new directory keeps S_ISGID);
     * permission bits exactly as requested.
     */
    private static void finishNewEntry(Path path, int mode, int uid, int gid) throws IOException {
        boolean setgidParent = parentIsSetgid(path);
        chown(path, uid, setgidParent ? Mutation.NO_OWNER : gid);
        int wanted = mode & 07777;
        if (setgidParent && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            wanted |= S_ISGID;
        }
        Files.setAttribute(path, "unix:mode", wanted);
    }

    private static boolean parentIsSetgid(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path.getParent(), "unix:mode")  & S_ISGID) != 0;
    }

    private static void chown(Path path, int uid, int gid) throws IOException {
        if (uid != Mutation.NO_OWNER) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (gid != Mutation.NO_OWNER) {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private UserDefinedFileAttributeView xattrView(String relative, String name) throws IOException {
        Path path = existing(relative, ENTRY_ITSELF);
        return Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static String userName(String relative, String name) throws IOException {
        if (!name.startsWith("user.")) {
            throw new IOException("xattr " + name + " on '" + relative + "': only the user. namespace is supported by the NIO applier");
        }
        return name.substring("user.".length());
    }

    private static void setSize(FileChannel channel, long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1); // extends with zeros, as ftruncate does
        }
    }

    private static void zero(FileChannel channel, long from, long to) throws IOException {
        long position = from;
        while (position < to) {
            int n = (int) Math.min(ZEROS.length, to - position);
            position += channel.write(ByteBuffer.wrap(ZEROS, 0, n), position);
        }
    }

    private void dropChannels() {
        channels.values().forEach(NioMutationApplier::closeQuietly);
        channels.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the channel is gone either way.
        }
    }
}

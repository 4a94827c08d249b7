package org.duplex.replication.secondary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.duplex.replication.mutation.ReplicatedPath;

/**
 * Resolves a replicated path under a root without ever following a symlink in a directory
 * component, the Java counterpart of {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)} for the
 * parents. The final component is checked according to what the operation does with it.
 *
 * <p>Checking then using a path is racy against a concurrent writer; on the secondary nobody else
 * writes (the applications see it read-only), so the check holds. The NativeFs-based applier closes
 * the gap with openat2 on a root dirfd.
 */
public final class BeneathResolver {
    /** What the operation does with a final component that is a symlink. */
    public enum Final {
        /** The operation acts on the entry itself (unlink, rename, lchown, times, xattrs, link source). */
        ENTRY_ITSELF,
        /** The operation would follow it (open for write, truncate, chmod, fsync): a symlink is refused. */
        NO_SYMLINK
    }

    private final Path root;

    public BeneathResolver(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("replicated root " + root + " is not a directory");
        }
    }

    public Path root() {
        return root;
    }

    /** The absolute path for {@code relative}, after the checks; the entry itself may not exist. */
    public Path resolve(String relative, Final finalRule) throws IOException {
        String problem = ReplicatedPath.problem(relative);
        if (problem != null) {
            throw new PathEscapeException(relative, problem);
        }
        if (relative.equals(ReplicatedPath.ROOT)) {
            return root;
        }
        String[] components = relative.split("/");
        Path current = root;
        for (int i = 0; i < components.length; i++) {
            current = current.resolve(components[i]);
            boolean last = i == components.length - 1;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (last) {
                    return current;
                }
                throw new NoSuchFileException(relative, null, "directory '" + String.join("/",
                        java.util.Arrays.copyOf(components, i + 1)) + "' does not exist on the secondary");
            }
            if (attributes.isSymbolicLink() && (!last || finalRule == Final.NO_SYMLINK)) {
                throw new PathEscapeException(relative, "'" + String.join("/", java.util.Arrays.copyOf(components, i + 1))
                        + "' is a symlink and the applier never follows symlinks");
            }
            if (!last && !attributes.isDirectory()) {
                throw new java.nio.file.NotDirectoryException(relative);
            }
        }
        return current;
    }
}

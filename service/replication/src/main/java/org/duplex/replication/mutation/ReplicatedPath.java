package org.duplex.replication.mutation;

/**
 * Validation of the paths carried by mutations: relative to the replicated directory's root,
 * '/'-separated, never able to name anything outside that root by their spelling.
 *
 * <p>A valid path is non-empty, has no leading '/', no empty component (so no "a//b" and no trailing
 * '/'), no "." or ".." component and no NUL character. The root itself is spelled ".": it is the
 * only place "." is allowed, for operations on the root directory (chmod, times, xattrs, fsync).
 * Symlinks that point outside are a separate concern of the side that resolves the path (see
 * {@code secondary.BeneathResolver}).
 */
public final class ReplicatedPath {
    /** The replicated directory itself. */
    public static final String ROOT = ".";

    /** Linux PATH_MAX; a longer path cannot name a real file and is rejected before any I/O. */
    public static final int MAX_BYTES = 4096;

    private ReplicatedPath() {}

    /** Returns {@code path} unchanged when valid; otherwise throws, naming the path and the problem. */
    public static String require(String path) {
        String problem = problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("path '" + printable(path) + "' rejected: " + problem);
        }
        return path;
    }

    /** Whether {@code path} is valid (see the class comment). */
    public static boolean isValid(String path) {
        return problem(path) == null;
    }

    /** Describes why {@code path} is invalid, or returns null when it is valid. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "empty path";
        }
        if (path.equals(ROOT)) {
            return null;
        }
        if (path.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (path.startsWith("/")) {
            return "absolute path (must be relative to the replicated directory)";
        }
        if (path.length() * 3 > MAX_BYTES && path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes";
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String component = path.substring(start, end);
            if (component.isEmpty()) {
                return "empty component (double or trailing '/')";
            }
            if (component.equals("..")) {
                return "component '..' escapes the replicated directory";
            }
            if (component.equals(".")) {
                return "component '.' (paths must be normalised)";
            }
            start = end + 1;
        }
        return null;
    }

    /** The parent directory of a valid path ({@link #ROOT} for a top-level entry). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? ROOT : path.substring(0, slash);
    }

    private static String printable(String path) {
        return path == null ? "null" : path.replace("\0", "\\0");
    }
}

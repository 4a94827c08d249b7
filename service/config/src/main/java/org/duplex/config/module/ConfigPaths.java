package org.duplex.config.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.duplex.config.Platform;

/**
 * Path rules for replicated directories, pure string work so a Windows module can be checked on
 * Linux. Linux: absolute means starting with '/'. Windows: a drive letter, a colon and a
 * separator ({@code C:\Program Files (x86)\x}); either separator is accepted, '\' is kept.
 * UNC paths are not accepted: a replicated dir must be on a local disk.
 */
final class ConfigPaths {
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("[A-Za-z]:[\\\\/].*");

    private ConfigPaths() {}

    /**
     * The absolute directory in canonical form (single separators, no trailing separator, no
     * '.' segments), or a message saying why it is not acceptable.
     */
    static Result normalizeAbsolute(String path, Platform platform) {
        String p = path.trim();
        if (platform == Platform.WINDOWS) {
            if (!WINDOWS_ABSOLUTE.matcher(p).matches()) {
                return Result.error("'" + path + "' is not an absolute Windows path (expected e.g. C:\\data\\db)");
            }
            List<String> parts = segments(p.substring(3));
            if (parts == null) {
                return Result.error("'" + path + "' contains '..' (expected a plain absolute path)");
            }
            if (parts.isEmpty()) {
                return Result.error("'" + path + "' is the root of a drive, which cannot be replicated (use a directory on it)");
            }
            String drive = p.substring(0, 1).toUpperCase(Locale.ROOT) + ":\\";
            return Result.ok(drive + String.join("\\", parts));
        }
        if (!p.startsWith("/")) {
            return Result.error("'" + path + "' is not an absolute path (expected e.g. /var/lib/data)");
        }
        List<String> parts = segments(p);
        if (parts == null) {
            return Result.error("'" + path + "' contains '..' (expected a plain absolute path)");
        }
        if (parts.isEmpty()) {
            return Result.error("'" + path + "' is the filesystem root, which cannot be replicated (use a directory)");
        }
        return Result.ok("/" + String.join("/", parts));
    }

    /** The segments of {@code path} without empty and '.' ones; null if there is a '..'. */
    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("[\\\\/]+")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** True when {@code inner} is {@code outer} or below it (both normalized). */
    static boolean isSameOrBelow(String inner, String outer, Platform platform) {
        String sep = platform == Platform.WINDOWS ? "\\" : "/";
        String a = platform == Platform.WINDOWS ? inner.toLowerCase(Locale.ROOT) : inner;
        String b = platform == Platform.WINDOWS ? outer.toLowerCase(Locale.ROOT) : outer;
        return a.equals(b) || a.startsWith(b + sep);
    }

    /**
     * A path relative to a replicated dir, normalized with '/' separators, or a message when it
     * is absolute, empty or leaves the dir through '..'.
     */
    static Result normalizeRelative(String path, Platform platform) {
        String p = path.trim();
        boolean absolute = p.startsWith("/") || p.startsWith("\\")
                || (platform == Platform.WINDOWS && p.length() >= 2 && p.charAt(1) == ':');
        if (absolute) {
            return Result.error("'" + path + "' is absolute (expected a path relative to the replicated dir)");
        }
        List<String> out = new ArrayList<>();
        for (String s : p.split("[\\\\/]+")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (out.isEmpty()) {
                    return Result.error("'" + path + "' escapes the replicated dir (expected a path inside it)");
                }
                out.removeLast();
            } else {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            return Result.error("'" + path + "' names the replicated dir itself (expected a path inside it)");
        }
        return Result.ok(String.join("/", out));
    }

    /** A normalized path or why the input is not acceptable. */
    record Result(Optional<String> path, String problem) {
        static Result ok(String p) {
            return new Result(Optional.of(p), "");
        }

        static Result error(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}

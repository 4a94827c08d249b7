package org.duplex.windows.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.duplex.common.UserError;

/**
 * An absolute Windows path, parsed and checked on any OS.
 *
 * <p>Why not {@link java.nio.file.Path}: the Linux JVM that builds and tests Duplex parses
 * {@code C:\Program Files (x86)\Duplex} as one relative file name, so every rule Windows applies
 * (drive letters, UNC shares, reserved device names, case-insensitive comparison, no trailing dot
 * or space) would go unchecked until a customer's server. This class applies them everywhere.
 *
 * <p>Accepted forms: {@code C:\dir\file} (drive letter, either slash) and {@code \\server\share\dir}
 * (UNC). Relative paths, drive-relative paths ({@code C:dir}) and device paths ({@code \\?\...})
 * are rejected with a message naming the path and the rule.
 */
public final class WindowsPath {
    private static final String FORBIDDEN_CHARS = "<>:\"|?*";
    private static final Set<String> RESERVED_NAMES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    /** MAX_PATH minus the terminating NUL; longer paths need opt-in long path support we do not assume. */
    public static final int MAX_LENGTH = 259;

    /** "C:" or "\\server\share", as written by the user except for slashes. */
    private final String root;
    private final List<String> components;

    private WindowsPath(String root, List<String> components) {
        this.root = root;
        this.components = List.copyOf(components);
    }

    /**
     * Parses {@code text} as an absolute Windows path.
     *
     * @param where what the path is, for the error message (e.g. {@code "userconfig.xml <replicated dir=...>"})
     * @throws UserError (INVALID_INPUT) naming {@code where}, the path and the broken rule
     */
    public static WindowsPath parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw invalid(where, String.valueOf(text), "is empty");
        }
        String s = text.replace('/', '\\');
        if (s.startsWith("\\\\?\\") || s.startsWith("\\\\.\\")) {
            throw invalid(where, text, "is a device path (\\\\?\\ or \\\\.\\); write a plain drive or UNC path");
        }
        String root;
        String rest;
        if (s.startsWith("\\\\")) {
            String[] parts = s.substring(2).split("\\\\", -1);
            if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw invalid(where, text, "is a UNC path without \\\\server\\share");
            }
            root = "\\\\" + parts[0] + "\\" + parts[1];
            rest = s.substring(root.length());
        } else if (s.length() >= 2 && isAsciiLetter(s.charAt(0)) && s.charAt(1) == ':') {
            if (s.length() > 2 && s.charAt(2) != '\\') {
                throw invalid(where, text, "is relative to the current directory of drive " + s.substring(0, 2)
                        + " (write " + s.substring(0, 2) + "\\...)");
            }
            root = Character.toUpperCase(s.charAt(0)) + ":";
            rest = s.substring(2);
        } else {
            throw invalid(where, text, "is not absolute (it must start with a drive letter like C:\\ or with \\\\server\\share)");
        }
        List<String> components = new ArrayList<>();
        for (String c : rest.split("\\\\")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw invalid(where, text, "contains '..'");
            }
            checkComponent(c, where, text);
            components.add(c);
        }
        WindowsPath path = new WindowsPath(root, components);
        if (path.toString().length() > MAX_LENGTH) {
            throw invalid(where, text, "is longer than " + MAX_LENGTH + " characters (Windows MAX_PATH)");
        }
        return path;
    }

    private static void checkComponent(String c, String where, String text) {
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch < 32 || FORBIDDEN_CHARS.indexOf(ch) >= 0) {
                throw invalid(where, text, "has the character '" + printable(ch) + "' in '" + c
                        + "' (Windows forbids " + FORBIDDEN_CHARS + " and control characters in names)");
            }
        }
        if (c.endsWith(" ") || c.endsWith(".")) {
            throw invalid(where, text, "has the name '" + c + "' ending in a space or a dot (Windows drops them silently)");
        }
        String stem = c.contains(".") ? c.substring(0, c.indexOf('.')) : c;
        if (RESERVED_NAMES.contains(stem.trim().toUpperCase(Locale.ROOT))) {
            throw invalid(where, text, "uses the reserved device name '" + c + "'");
        }
    }

    private static String printable(char ch) {
        return ch < 32 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static UserError invalid(String where, String text, String rule) {
        return new UserError(UserError.Kind.INVALID_INPUT, where + ": path '" + text + "' " + rule);
    }

    /** Returns this path with {@code name} (one or more components separated by \ or /) appended. */
    public WindowsPath resolve(String name) {
        List<String> more = new ArrayList<>(components);
        String whole = toString() + "\\" + name;
        for (String c : name.replace('/', '\\').split("\\\\")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw invalid("resolve", whole, "contains '..'");
            }
            checkComponent(c, "resolve", whole);
            more.add(c);
        }
        return new WindowsPath(root, more);
    }

    /** True when {@code other} is this path or lies below it; Windows compares names case-insensitively. */
    public boolean contains(WindowsPath other) {
        if (!root.equalsIgnoreCase(other.root) || other.components.size() < components.size()) {
            return false;
        }
        for (int i = 0; i < components.size(); i++) {
            if (!components.get(i).equalsIgnoreCase(other.components.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for {@code C:\} or {@code \\server\share}: a replicated directory may not be a volume root. */
    public boolean isRoot() {
        return components.isEmpty();
    }

    public boolean isUnc() {
        return root.startsWith("\\\\");
    }

    /** The last component, or the root for a root path. */
    public String fileName() {
        return components.isEmpty() ? root : components.get(components.size() - 1);
    }

    public List<String> components() {
        return components;
    }

    /** Case-insensitive, as NTFS names are by default. */
    @Override
    public boolean equals(Object o) {
        return o instanceof WindowsPath p && p.toString().equalsIgnoreCase(toString());
    }

    @Override
    public int hashCode() {
        return toString().toUpperCase(Locale.ROOT).hashCode();
    }

    /** The canonical spelling: backslashes, upper-case drive letter, no trailing backslash except on a drive root. */
    @Override
    public String toString() {
        if (components.isEmpty()) {
            return isUnc() ? root : root + "\\";
        }
        return root + "\\" + String.join("\\", components);
    }
}

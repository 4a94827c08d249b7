package org.duplex.node.script;

import java.util.List;
import java.util.Locale;

/**
 * The operating-system family whose script conventions apply. Kept as data (not read from
 * {@code os.name} inside the logic) so the Windows selection rules are testable on Linux.
 */
public enum Platform {
    LINUX(":", List.of("")),
    /** Extensions in the order SafeKit for Windows looks for them. */
    WINDOWS(";", List.of(".cmd", ".bat", ".ps1", ".vbs", ".exe"));

    private final String pathSeparator;
    private final List<String> scriptExtensions;

    Platform(String pathSeparator, List<String> scriptExtensions) {
        this.pathSeparator = pathSeparator;
        this.scriptExtensions = scriptExtensions;
    }

    /** The separator between PATH entries. */
    public String pathSeparator() {
        return pathSeparator;
    }

    /** File-name suffixes tried, in order, when looking up a script by its SafeKit name. */
    public List<String> scriptExtensions() {
        return scriptExtensions;
    }

    /** The platform this JVM runs on. */
    public static Platform current() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? WINDOWS
                : LINUX;
    }
}

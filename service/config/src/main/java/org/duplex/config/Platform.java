package org.duplex.config;

import java.util.Locale;

/**
 * The operating system a module targets. It decides what an absolute path looks like
 * ({@code /var/lib/x} or {@code C:\Program Files (x86)\x}) and how paths compare (Windows is
 * case-insensitive), so a Windows module can be validated on a Linux machine and the reverse.
 */
public enum Platform {
    LINUX,
    WINDOWS;

    /** The platform this JVM runs on. */
    public static Platform current() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? WINDOWS : LINUX;
    }
}

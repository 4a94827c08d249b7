package org.duplex.replication.primary;

import java.util.Locale;

/**
 * What the primary waits for before it answers the application (SafeKit's {@code <rfs async=...>}).
 * In both modes an fsync/fdatasync waits until the peer has made the bytes durable.
 */
public enum AsyncMode {
    /** {@code async="none"}: wait until the secondary has applied the operation (ACK_DURABLE). */
    NONE,
    /** {@code async="second"} (SafeKit's default): wait until the secondary has received it (ACK_RECEIVED). */
    SECOND;

    /** Parses the config attribute value; the error names the attribute and the accepted values. */
    public static AsyncMode fromConfig(String value) {
        if (value == null) {
            return SECOND;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "second", "" -> SECOND;
            default -> throw new IllegalArgumentException(
                    "<rfs async=\"" + value + "\">: unknown value, expected \"second\" or \"none\"");
        };
    }
}

package org.duplex.common;

/**
 * Always-on assertions for programmer errors (Java's {@code assert} is off by default).
 *
 * <p>Operating errors (a dead peer, a full disk, a bad config) are values or checked exceptions,
 * never a {@code Check} failure: a failed check means the code is wrong, and the node stops
 * rather than act on a state it does not understand (the peer takes over).
 */
public final class Check {
    private Check() {}

    /** Throws {@link IllegalStateException} with the formatted message when {@code condition} is false. */
    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException("check failed: " + String.format(format, args));
        }
    }

    /** Throws {@link IllegalArgumentException} when an argument is out of its documented range. */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }
}

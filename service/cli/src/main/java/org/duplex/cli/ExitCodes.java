package org.duplex.cli;

import org.duplex.common.UserError;

/**
 * Exit codes of every {@code duplex} command, so scripts can tell failures apart.
 * (The {@code state -lq} verb returns SafeKit's state codes instead, as SafeKit does.)
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation was attempted and failed. */
    public static final int FAILED = 1;
    /** Bad command-line usage (picocli's own code). */
    public static final int USAGE = 2;
    /** Invalid input: config, module archive, argument value. */
    public static final int INVALID_INPUT = 3;
    /** A named module, node or file does not exist. */
    public static final int NOT_FOUND = 4;
    /** The daemon or the peer is not reachable. */
    public static final int UNAVAILABLE = 5;
    /** Valid but refused in the current state. */
    public static final int REFUSED = 6;
    /** A bug: an unexpected exception (printed with its stack trace). */
    public static final int INTERNAL = 70;

    private ExitCodes() {}

    static int of(UserError.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> INVALID_INPUT;
            case NOT_FOUND -> NOT_FOUND;
            case UNAVAILABLE -> UNAVAILABLE;
            case REFUSED -> REFUSED;
            case FAILED -> FAILED;
        };
    }
}

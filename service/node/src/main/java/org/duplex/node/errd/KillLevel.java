package org.duplex.node.errd;

import java.util.Locale;
import org.duplex.common.UserError;

/** {@code safekit kill -level=}: what to do with the matching processes. */
public enum KillLevel {
    /** Only report whether processes match. */
    TEST,
    /** SIGTERM, then SIGKILL for those still alive after a grace period. */
    TERMINATE,
    /** SIGKILL. */
    KILL9,
    /** SIGTERM. */
    TERM15;

    /** Parses SafeKit's words {@code test|terminate|9|15}. */
    public static KillLevel parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "test" -> TEST;
            case "terminate" -> TERMINATE;
            case "9" -> KILL9;
            case "15" -> TERM15;
            default -> throw new UserError(UserError.Kind.INVALID_INPUT,
                    "-level=" + word + " is not one of test, terminate, 9, 15");
        };
    }
}

package org.duplex.config.module;

import java.util.Locale;
import java.util.Optional;

/** What a checker or process monitor asks for on failure (safekit-behaviour.md §2.7, §2.8). */
public enum RecoveryAction {
    /** Restart the application locally (stop_prim, start_prim); no failover. */
    RESTART,
    /** Stop the module; the peer takes over if it is ready. */
    STOP,
    /** Stop and start again; a primary fails over to a ready peer. */
    STOPSTART,
    /** Stop and wait in WAIT until the resource is up again. */
    WAIT,
    /** Only set the resource. */
    NOACTION,
    /** errd only: run a user handler executable. */
    HANDLER;

    /** The SafeKit word for a built-in action; empty for anything else. */
    public static Optional<RecoveryAction> builtIn(String word) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "restart" -> Optional.of(RESTART);
            case "stop" -> Optional.of(STOP);
            case "stopstart" -> Optional.of(STOPSTART);
            case "wait" -> Optional.of(WAIT);
            case "noaction" -> Optional.of(NOACTION);
            default -> Optional.empty();
        };
    }
}

package org.duplex.node.script;

import java.util.Optional;

/**
 * The result of a stop script run with SafeKit's escalation: the graceful call, then (when it
 * timed out, or when the caller asked for it) the call with {@code force} as first argument.
 */
public record StopOutcome(ScriptResult graceful, Optional<ScriptResult> force) {

    /** True when the last call made (force if any, else graceful) succeeded. */
    public boolean succeeded() {
        return force.map(ScriptResult::succeeded).orElse(graceful.succeeded());
    }
}

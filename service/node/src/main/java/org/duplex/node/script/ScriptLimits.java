package org.duplex.node.script;

import java.time.Duration;
import org.duplex.common.Check;

/**
 * How long scripts may run (safekit-behaviour.md §2.5, §5.2).
 *
 * @param niceStopTimeout a graceful stop script running longer is killed and re-run with
 *     {@code force} ({@code <user nicestoptimeout>}, default 300 s)
 * @param forceStopTimeout a {@code force} stop running longer has its whole process tree killed
 *     ({@code <user forcestoptimeout>}, default 300 s)
 * @param otherScriptTimeout bound on every other script (start, transition, ...); SafeKit has
 *     none, we keep one so that a hung script cannot block the node forever
 * @param outputDrainTimeout after a script exits, bound on forwarding the rest of its output file
 *     to the sink; what children left running write later stays in the file only
 */
public record ScriptLimits(
        Duration niceStopTimeout,
        Duration forceStopTimeout,
        Duration otherScriptTimeout,
        Duration outputDrainTimeout) {

    public ScriptLimits {
        Check.argument(niceStopTimeout.isPositive(), "niceStopTimeout must be > 0: %s", niceStopTimeout);
        Check.argument(forceStopTimeout.isPositive(), "forceStopTimeout must be > 0: %s", forceStopTimeout);
        Check.argument(otherScriptTimeout.isPositive(), "otherScriptTimeout must be > 0: %s", otherScriptTimeout);
        Check.argument(!outputDrainTimeout.isNegative(), "outputDrainTimeout must be >= 0: %s", outputDrainTimeout);
    }

    /** SafeKit's defaults: 300 s nice, 300 s force; one hour for other scripts. */
    public static ScriptLimits safekitDefaults() {
        return new ScriptLimits(Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofHours(1),
                Duration.ofSeconds(2));
    }
}

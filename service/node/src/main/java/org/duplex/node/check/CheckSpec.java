package org.duplex.node.check;

import java.time.Duration;
import org.duplex.common.Check;

/**
 * One checker, ready to run (safekit-behaviour.md §2.8).
 *
 * @param resource the resource it sets, {@code <type>.<ident>} ({@code tcp.R1test}, {@code intf.eth0}, ...)
 * @param probe what it tests
 * @param interval time between the end of one probe and the start of the next (default 10 s)
 * @param timeout bound of one probe (default 5 s)
 * @param action what the configuration wants when it goes down
 * @param when the phase in which it runs: pre, prim, second, both
 */
public record CheckSpec(String resource, Probe probe, Duration interval, Duration timeout, FailureAction action,
        String when) {
    public CheckSpec {
        Check.argument(resource.contains("."), "resource must be <type>.<ident>: %s", resource);
        Check.argument(interval.isPositive(), "interval of %s must be > 0: %s", resource, interval);
        Check.argument(timeout.isPositive(), "timeout of %s must be > 0: %s", resource, timeout);
    }
}

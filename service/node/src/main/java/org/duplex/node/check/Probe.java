package org.duplex.node.check;

import java.time.Duration;

/**
 * One test a checker repeats: connect, ping, read a link state, read a custom resource. Blocking
 * for at most {@code timeout}; failures are results, never exceptions.
 */
@FunctionalInterface
public interface Probe {
    ProbeResult probe(Duration timeout);

    /** The value one probe found, and why (for the module log). */
    record ProbeResult(ResourceValue value, String detail) {
        public static ProbeResult up(String detail) {
            return new ProbeResult(ResourceValue.UP, detail);
        }

        public static ProbeResult down(String detail) {
            return new ProbeResult(ResourceValue.DOWN, detail);
        }
    }
}

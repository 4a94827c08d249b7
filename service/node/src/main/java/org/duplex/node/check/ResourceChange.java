package org.duplex.node.check;

/**
 * A resource changed value ({@code proc.postgres init -> up}, {@code tcp.R1test up -> down}, ...).
 *
 * @param resource SafeKit's resource name, {@code <class>.<ident>}
 * @param action what the configuration wants done when it is down
 * @param detail human-readable reason, for the module log ("2 processes found, at least 3 wanted")
 */
public record ResourceChange(String resource, ResourceValue previous, ResourceValue current, FailureAction action,
        String detail) {}

package org.duplex.config;

/**
 * Something in a config file that Duplex accepts but does not act on (an element or attribute
 * SafeKit knows and Duplex does not implement, an unresolved macro): shown to the user, never
 * silently dropped.
 */
public record ConfigWarning(ConfigLocation location, String message) {
    @Override
    public String toString() {
        return location + ": warning: " + message;
    }
}

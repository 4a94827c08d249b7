package org.duplex.node.control;

import io.javalin.security.RouteRole;

/**
 * What a caller of the control API may do, SafeKit's console roles in increasing order: MONITOR
 * reads, CONTROL also runs module commands, ADMIN also changes configuration (module install and
 * uninstall). Each route declares the lowest role it needs; the local control token has ADMIN.
 */
public enum AccessRole implements RouteRole {
    MONITOR,
    CONTROL,
    ADMIN;

    /** True when a caller with this role may use a route that needs {@code needed}. */
    public boolean covers(AccessRole needed) {
        return compareTo(needed) >= 0;
    }
}

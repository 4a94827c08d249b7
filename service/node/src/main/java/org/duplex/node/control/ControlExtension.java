package org.duplex.node.control;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Something served by the daemon's HTTP server besides the core control API, such as the web
 * console: it adds its routes while the server is configured and may authenticate requests by
 * other means than the control token (a console session). Routes under {@code /api/v1/} must
 * declare their {@link AccessRole}; {@link ControlServer} enforces it.
 */
public interface ControlExtension extends AutoCloseable {

    /** Adds routes (pages, API endpoints); called once, before the server starts. */
    void configure(JavalinConfig config);

    /**
     * The role of a request that carries no valid control token, or empty when it is not
     * authenticated. May throw a REFUSED {@link org.duplex.common.UserError} to reject it with a
     * precise reason (for example a missing CSRF token on a mutating request).
     */
    Optional<AccessRole> authenticate(Context ctx);

    /** Releases what the extension runs besides its routes (threads); called when the server stops. */
    @Override
    default void close() {}

    /** Builds the extension once the node's service layer exists. */
    @FunctionalInterface
    interface Factory {
        ControlExtension create(ControlApi api);
    }
}

package org.duplex.console.session;

import java.time.Instant;
import org.duplex.node.control.AccessRole;

/**
 * A logged-in browser: {@code id} is the HttpOnly session cookie's value, {@code csrfToken} the
 * double-submit token the page must echo in a header on every mutating request.
 */
public record Session(String id, String user, AccessRole role, String csrfToken, Instant expiresAt) {}

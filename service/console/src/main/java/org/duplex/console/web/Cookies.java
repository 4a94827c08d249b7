package org.duplex.console.web;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The console's two cookies. The session cookie is HttpOnly (scripts never see it); the CSRF
 * cookie is readable by the page, which echoes it in {@value #CSRF_HEADER} (double submit). Both
 * are SameSite=Strict, so another site cannot make the browser send them. Set-Cookie is written
 * by hand because the attributes are the point.
 */
final class Cookies {
    static final String SESSION = "duplex_session";
    static final String CSRF = "duplex_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private Cookies() {}

    static void set(Context ctx, String name, String value, Duration maxAge, boolean httpOnly) {
        StringBuilder c = new StringBuilder(name).append('=').append(value)
                .append("; Path=/; Max-Age=").append(maxAge.toSeconds()).append("; SameSite=Strict");
        if (httpOnly) {
            c.append("; HttpOnly");
        }
        if (ctx.scheme().equals("https")) {
            c.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", c.toString());
    }

    static void clear(Context ctx, String name, boolean httpOnly) {
        set(ctx, name, "", Duration.ZERO, httpOnly);
    }
}

package org.duplex.console.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Optional;
import org.duplex.common.UserError;
import org.duplex.console.session.LoginRateLimiter;
import org.duplex.console.session.Session;
import org.duplex.console.session.SessionStore;
import org.duplex.console.users.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login, logout and the session check of every console request. A mutating request (anything but
 * GET/HEAD/OPTIONS) must carry the session's CSRF token both in the {@value Cookies#CSRF} cookie
 * and in the {@value Cookies#CSRF_HEADER} header; a page of another site can do neither.
 */
final class ConsoleAuth {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAuth.class);
    private static final int MAX_FIELD_CHARS = 1024;

    private final UserStore users;
    private final SessionStore sessions;
    private final LoginRateLimiter limiter;
    private final ConsoleMetrics metrics;

    ConsoleAuth(UserStore users, SessionStore sessions, LoginRateLimiter limiter, ConsoleMetrics metrics) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** POST /login with SafeKit's form fields; redirects to the overview or back to the login page. */
    void login(Context ctx) {
        String address = ctx.ip();
        Duration wait = limiter.waitBeforeAttempt(address);
        if (!wait.isZero() && !wait.isNegative()) {
            metrics.login("limited");
            log.warn("console: login from {} refused, too many failures (retry in {} s)", address, wait.toSeconds());
            ctx.header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
            ctx.redirect("/login?error=limited", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        String name = field(ctx, "httpd_username");
        String password = field(ctx, "httpd_password");
        var user = users.authenticate(name, password.toCharArray());
        if (user.isEmpty()) {
            limiter.recordFailure(address);
            metrics.login("failed");
            log.warn("console: failed login for '{}' from {}", name, address);
            ctx.redirect("/login?error=invalid", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Session s = sessions.open(user.get().name(), user.get().role());
        metrics.login("ok");
        log.info("console: '{}' ({}) logged in from {}", s.user(), s.role(), address);
        Cookies.set(ctx, Cookies.SESSION, s.id(), SessionStore.LIFETIME, true);
        Cookies.set(ctx, Cookies.CSRF, s.csrfToken(), SessionStore.LIFETIME, false);
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** POST /logout: ends the session (CSRF-checked like every mutating request). */
    void logout(Context ctx) {
        Session s = session(ctx).orElseThrow(() ->
                new UserError(UserError.Kind.REFUSED, "not logged in"));
        sessions.close(s.id());
        Cookies.clear(ctx, Cookies.SESSION, true);
        Cookies.clear(ctx, Cookies.CSRF, false);
        ctx.contentType("application/json").result("{\"message\":\"logged out\"}");
    }

    /** The request's live session, CSRF-checked when the request changes something. */
    Optional<Session> session(Context ctx) {
        Optional<Session> s = sessions.find(ctx.cookie(Cookies.SESSION));
        if (s.isPresent() && mutating(ctx.method())) {
            String cookie = ctx.cookie(Cookies.CSRF);
            String header = ctx.header(Cookies.CSRF_HEADER);
            if (!SessionStore.csrfMatches(s.get(), header) || !SessionStore.csrfMatches(s.get(), cookie)) {
                throw new UserError(UserError.Kind.REFUSED,
                        "CSRF check failed: a changing request must send the " + Cookies.CSRF_HEADER
                                + " header equal to the " + Cookies.CSRF + " cookie");
            }
        }
        return s;
    }

    private static boolean mutating(HandlerType method) {
        return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
    }

    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        if (v == null) {
            return "";
        }
        if (v.length() > MAX_FIELD_CHARS) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "form field " + name + " is longer than " + MAX_FIELD_CHARS);
        }
        return v;
    }
}

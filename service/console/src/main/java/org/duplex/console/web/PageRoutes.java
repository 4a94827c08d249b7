package org.duplex.console.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * The console's pages: plain HTML with one script ({@code console.js}) that calls the REST API,
 * so the browser and the CLI see the same data. A page asked for without a session redirects to
 * the login page. Assets are a fixed list, never a path taken from the request.
 */
final class PageRoutes {
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final ConsoleAuth auth;

    PageRoutes(ConsoleAuth auth) {
        this.auth = auth;
    }

    void addTo(JavalinConfig config) {
        config.routes.get("/login", ctx -> html(ctx, "login.html"));
        config.routes.post("/login", auth::login);
        config.routes.post("/logout", auth::logout);
        config.routes.get("/", ctx -> page(ctx, "overview.html"));
        config.routes.get("/modules/{module}", ctx -> page(ctx, "module.html"));
        config.routes.get("/modules/{module}/logs", ctx -> page(ctx, "logs.html"));
        config.routes.get("/import", ctx -> page(ctx, "import.html"));
        config.routes.get("/console/{asset}", ctx -> {
            String type = ASSETS.get(ctx.pathParam("asset"));
            if (type == null) {
                ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain").result("no such console file\n");
                return;
            }
            ctx.contentType(type).result(Resources.bytes(ctx.pathParam("asset")));
        });
    }

    private void page(Context ctx, String name) {
        if (auth.session(ctx).isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        html(ctx, name);
    }

    private static void html(Context ctx, String name) {
        // The pages hold no secret, but must not be framed by another site (clickjacking).
        ctx.header("X-Frame-Options", "DENY").header("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(Resources.bytes(name));
    }
}

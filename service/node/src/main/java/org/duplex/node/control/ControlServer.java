package org.duplex.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import org.duplex.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP control API (SafeKit's web service port, 9010 by default): JSON under
 * {@code /api/v1/}, authenticated with the local {@link ControlToken}, plus SafeKit's
 * unauthenticated load-balancer health check {@code GET /var/modules/<module>/ready.txt}.
 *
 * <p>It only translates HTTP to {@link ControlApi} calls and {@link UserError}s to statuses; it
 * decides nothing. Errors are JSON {@code {"error": KIND, "message": ...}}, never stack traces.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final String API = "/api/v1";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final Javalin app;
    private final List<ControlExtension> extensions;
    private final ObjectMapper json = new ObjectMapper();

    /** Request attribute holding the caller's {@link AccessRole} once authenticated. */
    public static final String ROLE_ATTRIBUTE = "duplex.role";

    private ControlServer(ControlApi api, ControlToken token, List<ControlExtension> extensions) {
        this.extensions = extensions;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // A stopping daemon must not wait for idle keep-alive connections of clients.
            config.jetty.modifyServer(server -> server.setStopTimeout(0));
            config.routes.before(API + "/*", ctx -> authenticate(ctx, token, extensions));
            config.routes.beforeMatched(API + "/*", ControlServer::authorize);
            config.routes.get(API + "/node", ctx -> sendJson(ctx, nodeJson(api.node())), AccessRole.MONITOR);
            config.routes.get(API + "/modules", ctx -> {
                var array = json.createArrayNode();
                api.modules().forEach(m -> array.add(statusJson(m)));
                sendJson(ctx, array);
            }, AccessRole.MONITOR);
            config.routes.get(API + "/modules/{module}", ctx ->
                    sendJson(ctx, statusJson(api.module(ctx.pathParam("module")))), AccessRole.MONITOR);
            config.routes.post(API + "/modules/{module}/commands/{verb}", ctx -> {
                CommandResult result = api.command(ctx.pathParam("module"), ctx.pathParam("verb"), args(ctx));
                ObjectNode out = json.createObjectNode();
                out.put("message", result.message());
                out.set("status", statusJson(result.status()));
                sendJson(ctx, out);
            }, AccessRole.CONTROL);
            config.routes.get("/var/modules/{module}/ready.txt", ctx -> {
                if (api.ready(ctx.pathParam("module"))) {
                    ctx.contentType("text/plain").result("OK\n");
                } else {
                    ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain").result("NOT FOUND\n");
                }
            });
            config.routes.exception(UserError.class, (e, ctx) -> sendError(ctx, e.kind(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("control API: {} {} failed", ctx.method(), ctx.path(), e);
                sendError(ctx, UserError.Kind.FAILED, "internal error: " + e);
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    sendError(ctx, UserError.Kind.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            extensions.forEach(e -> e.configure(config));
        });
    }

    /** Starts serving on {@code host:port} (port 0 picks a free port, for tests). */
    public static ControlServer start(ControlApi api, ControlToken token, String host, int port) {
        return start(api, token, host, port, List.of());
    }

    /** As {@link #start(ControlApi, ControlToken, String, int)}, also serving {@code extensions}. */
    public static ControlServer start(ControlApi api, ControlToken token, String host, int port,
                                      List<ControlExtension> extensions) {
        ControlServer server = new ControlServer(api, token, List.copyOf(extensions));
        try {
            server.app.start(host, port);
        } catch (RuntimeException e) {
            throw new UserError(UserError.Kind.FAILED,
                    "cannot serve the control API on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        log.info("control API: listening on {}:{}", host, server.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            extensions.forEach(ControlExtension::close);
        }
    }

    /** The control token gives every right; otherwise an extension (a console session) may vouch. */
    private static void authenticate(Context ctx, ControlToken token, List<ControlExtension> extensions) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
        if (token.matches(presented)) {
            ctx.attribute(ROLE_ATTRIBUTE, AccessRole.ADMIN);
            return;
        }
        if (presented == null) {
            for (ControlExtension extension : extensions) {
                var role = extension.authenticate(ctx);
                if (role.isPresent()) {
                    ctx.attribute(ROLE_ATTRIBUTE, role.get());
                    return;
                }
            }
        }
        throw new UserError(UserError.Kind.REFUSED, "not authenticated: a valid control token is required");
    }

    /** Refuses a route to a caller whose role is below the lowest role the route declares. */
    private static void authorize(Context ctx) {
        AccessRole granted = ctx.attribute(ROLE_ATTRIBUTE);
        AccessRole needed = ctx.routeRoles().stream()
                .filter(AccessRole.class::isInstance).map(AccessRole.class::cast)
                .min(Comparable::compareTo)
                .orElseThrow(() -> new IllegalStateException("route " + ctx.path() + " declares no AccessRole"));
        if (granted == null || !granted.covers(needed)) {
            throw new UserError(UserError.Kind.REFUSED, "permission denied: " + ctx.method() + " " + ctx.path()
                    + " needs the " + needed + " role, this session has " + granted);
        }
    }

    private List<String> args(Context ctx) throws java.io.IOException {
        String body = ctx.body();
        List<String> args = new ArrayList<>();
        if (body.isBlank()) {
            return args;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "request body is not JSON: " + e.getOriginalMessage());
        }
        JsonNode array = node.path("args");
        if (!array.isMissingNode() && !array.isArray()) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "\"args\" must be an array of strings");
        }
        for (JsonNode a : array) {
            if (!a.isTextual()) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "\"args\" must be an array of strings");
            }
            args.add(a.asText());
        }
        return args;
    }

    private ObjectNode nodeJson(NodeInfo node) {
        ObjectNode out = json.createObjectNode();
        out.put("name", node.name());
        out.put("version", node.version());
        out.put("startedAt", node.startedAtText());
        return out;
    }

    private ObjectNode statusJson(ModuleStatus s) {
        ObjectNode out = json.createObjectNode();
        out.put("module", s.module());
        out.put("state", s.state());
        out.put("qualifier", s.qualifier());
        out.put("color", s.color());
        out.put("detail", s.detail());
        ObjectNode resources = out.putObject("resources");
        s.resources().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> resources.put(e.getKey(), e.getValue()));
        return out;
    }

    private void sendJson(Context ctx, JsonNode node) throws java.io.IOException {
        ctx.contentType("application/json").result(json.writeValueAsString(node));
    }

    private void sendError(Context ctx, UserError.Kind kind, String message) {
        ObjectNode out = json.createObjectNode();
        out.put("error", kind.name());
        out.put("message", message);
        ctx.status(statusOf(kind)).contentType("application/json").result(out.toString());
    }

    static HttpStatus statusOf(UserError.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case REFUSED -> HttpStatus.FORBIDDEN;
            case FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}

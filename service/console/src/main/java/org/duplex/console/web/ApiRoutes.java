package org.duplex.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplex.common.UserError;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.console.api.LogFollower;
import org.duplex.console.api.ModuleImport;
import org.duplex.node.control.AccessRole;
import org.duplex.node.control.ControlApi;
import org.duplex.node.control.ControlServer;
import org.duplex.node.log.LogReader;
import org.duplex.node.log.ModuleLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's additions to the control API under {@code /api/v1/}: session, module logs (a tail
 * and a live stream as server-sent events), module install and uninstall, the OpenAPI document;
 * plus {@code /metrics}. Every route declares its {@link AccessRole}; {@link ControlServer}
 * authenticates and enforces it.
 */
final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
    static final String API = "/api/v1";
    static final int MAX_LOG_LINES = 10_000;
    static final int MAX_STREAMS = 32;
    private static final long STREAM_POLL_MILLIS = 300;
    /** A comment every ~15 s when the log is quiet, so a closed browser tab is noticed and its tail stopped. */
    private static final int POLLS_PER_KEEPALIVE = 50;

    private final ControlApi api;
    private final DuplexPaths paths;
    private final ModuleImport modules;
    private final ConsoleMetrics metrics;
    private final ScheduledExecutorService tailer;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger openStreams = new AtomicInteger();

    ApiRoutes(ControlApi api, DuplexPaths paths, ModuleImport modules, ConsoleMetrics metrics,
              ScheduledExecutorService tailer) {
        this.api = api;
        this.paths = paths;
        this.modules = modules;
        this.metrics = metrics;
        this.tailer = tailer;
    }

    void addTo(JavalinConfig config, ConsoleAuth auth) {
        config.routes.get(API + "/session", this::session, AccessRole.MONITOR);
        config.routes.get(API + "/modules/{module}/log", this::logTail, AccessRole.MONITOR);
        config.routes.beforeMatched(API + "/modules/{module}/log/stream", ctx -> api.module(ctx.pathParam("module")));
        config.routes.sse(API + "/modules/{module}/log/stream", this::logStream, AccessRole.MONITOR);
        config.routes.put(API + "/modules/{module}", this::install, AccessRole.ADMIN);
        config.routes.delete(API + "/modules/{module}", this::uninstall, AccessRole.ADMIN);
        config.routes.get(API + "/openapi.json", ctx -> ctx.contentType("application/json")
                .result(Resources.bytes("openapi.json")), AccessRole.MONITOR);
        config.routes.after(API + "/modules/{module}/commands/{verb}", ctx -> {
            if (ctx.status().getCode() == 200) {
                metrics.command(ctx.pathParam("verb"));
            }
        });
        // Unauthenticated like ready.txt: states and counters only, so Prometheus needs no
        // credentials (the control token changes at each daemon start).
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.render(api.modules(), api::ready)));
    }

    private void session(Context ctx) throws IOException {
        AccessRole role = ctx.attribute(ControlServer.ROLE_ATTRIBUTE);
        String user = ctx.attribute(ConsoleExtension.USER_ATTRIBUTE);
        ObjectNode out = json.createObjectNode();
        out.put("user", user == null ? "control-token" : user);
        out.put("role", org.duplex.console.users.UserStore.roleName(role));
        out.put("node", api.node().name());
        sendJson(ctx, out);
    }

    private void logTail(Context ctx) throws IOException {
        String module = ctx.pathParam("module");
        api.module(module);
        int n = intParam(ctx, "n", 100, 1, MAX_LOG_LINES);
        boolean application = boolParam(ctx, "app");
        boolean errors = boolParam(ctx, "errors");
        List<String> lines;
        try {
            lines = LogReader.tail(paths, module, n, application, errors);
        } catch (java.io.UncheckedIOException e) {
            throw new UserError(UserError.Kind.FAILED, e.getMessage() + ": " + e.getCause().getMessage());
        }
        ObjectNode out = json.createObjectNode();
        out.put("module", module);
        out.put("log", application ? "application" : "module");
        var array = out.putArray("lines");
        lines.forEach(array::add);
        sendJson(ctx, out);
    }

    private void logStream(SseClient client) {
        Context ctx = client.ctx();
        String module = ctx.pathParam("module");
        boolean application = "true".equals(ctx.queryParam("app"));
        if (openStreams.incrementAndGet() > MAX_STREAMS) {
            openStreams.decrementAndGet();
            client.sendEvent("error", "too many open log streams (" + MAX_STREAMS + "); close one");
            client.close();
            return;
        }
        LogFollower follower = new LogFollower(paths.userVar(module)
                .resolve(application ? ModuleLog.APPLICATION_LOG : ModuleLog.MODULE_LOG));
        client.keepAlive();
        client.sendComment("following " + module + (application ? " application" : " module") + " log");
        // Registered before the first poll runs, so a stream that ends at once is still released.
        var task = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>>();
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        client.onClose(() -> {
            if (released.compareAndSet(false, true)) {
                openStreams.decrementAndGet();
                var t = task.get();
                if (t != null) {
                    t.cancel(false);
                }
            }
        });
        int[] quietPolls = {0};
        task.set(tailer.scheduleWithFixedDelay(() -> {
            try {
                List<String> lines = follower.poll();
                for (String line : lines) {
                    client.sendEvent("line", line);
                }
                quietPolls[0] = lines.isEmpty() ? quietPolls[0] + 1 : 0;
                if (quietPolls[0] >= POLLS_PER_KEEPALIVE) {
                    quietPolls[0] = 0;
                    client.sendComment("keep-alive");
                }
                if (client.terminated()) {
                    client.close();
                }
            } catch (IOException | RuntimeException e) {
                log.warn("console: log stream of '{}' ends: {}", module, e.toString());
                client.close();
            }
        }, 0, STREAM_POLL_MILLIS, TimeUnit.MILLISECONDS));
        if (released.get()) {
            task.get().cancel(false);
        }
    }

    private void install(Context ctx) throws IOException {
        String module = ctx.pathParam("module");
        long length = ctx.req().getContentLengthLong();
        ModuleStore.InstallResult r = modules.install(module, length, ctx.req().getInputStream());
        log.info("console: module '{}' installed (id {}) by {}", module, r.module().id(), who(ctx));
        ObjectNode out = json.createObjectNode();
        out.put("module", r.module().name());
        out.put("id", r.module().id());
        out.put("replaced", r.replaced());
        var warnings = out.putArray("warnings");
        r.warnings().forEach(warnings::add);
        out.put("message", "module " + module + (r.replaced() ? " replaced" : " installed")
                + "; the daemon runs it from its next start");
        sendJson(ctx, out);
    }

    private void uninstall(Context ctx) throws IOException {
        String module = ctx.pathParam("module");
        modules.uninstall(module);
        log.info("console: module '{}' uninstalled by {}", module, who(ctx));
        ObjectNode out = json.createObjectNode();
        out.put("module", module);
        out.put("message", "module " + module + " uninstalled");
        sendJson(ctx, out);
    }

    private static String who(Context ctx) {
        String user = ctx.attribute(ConsoleExtension.USER_ATTRIBUTE);
        return user == null ? "the control token" : "'" + user + "'";
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(UserError.Kind.INVALID_INPUT,
                "query parameter " + name + "=" + text + " must be a whole number from " + min + " to " + max);
    }

    private static boolean boolParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty() || text.equals("false") || text.equals("0")) {
            return false;
        }
        if (text.equals("true") || text.equals("1")) {
            return true;
        }
        throw new UserError(UserError.Kind.INVALID_INPUT, "query parameter " + name + "=" + text + " must be true or false");
    }

    private void sendJson(Context ctx, Object node) throws IOException {
        ctx.contentType("application/json").result(json.writeValueAsString(node));
    }
}

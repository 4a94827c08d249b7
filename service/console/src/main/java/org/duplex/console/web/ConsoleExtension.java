package org.duplex.console.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.console.api.ModuleImport;
import org.duplex.console.session.LoginRateLimiter;
import org.duplex.console.session.Session;
import org.duplex.console.session.SessionStore;
import org.duplex.console.users.PasswordHasher;
import org.duplex.console.users.UserStore;
import org.duplex.node.control.AccessRole;
import org.duplex.node.control.ControlApi;
import org.duplex.node.control.ControlExtension;

/**
 * The web console as served by the daemon's HTTP server: pages, login sessions, and its REST API
 * additions. {@link ControlExtension} lets {@code ControlServer} ask it whether a request without
 * the control token carries a console session, and with which role.
 */
public final class ConsoleExtension implements ControlExtension {
    static final String USER_ATTRIBUTE = "duplex.console.user";

    private final ConsoleAuth auth;
    private final PageRoutes pages;
    private final ApiRoutes apiRoutes;
    private final ScheduledExecutorService tailer;

    /** What the console needs from its node. */
    public record Settings(DuplexPaths paths, ModuleStore store, Clock clock, SecureRandom random) {}

    public ConsoleExtension(ControlApi api, Settings s) {
        ConsoleMetrics metrics = new ConsoleMetrics();
        UserStore users = new UserStore(UserStore.fileIn(s.paths().safeVar()), new PasswordHasher(s.random()));
        this.auth = new ConsoleAuth(users, new SessionStore(s.clock(), s.random()), new LoginRateLimiter(s.clock()), metrics);
        this.pages = new PageRoutes(auth);
        Path uploads = s.paths().privateVar().resolve("uploads");
        this.tailer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-log-tail");
            t.setDaemon(true);
            return t;
        });
        this.apiRoutes = new ApiRoutes(api, s.paths(), new ModuleImport(s.store(), api, uploads), metrics, tailer);
    }

    /** The factory the daemon is given: a console on {@code paths} with the system clock. */
    public static ControlExtension.Factory factory(DuplexPaths paths, ModuleStore store) {
        return api -> new ConsoleExtension(api, new Settings(paths, store, Clock.systemUTC(), new SecureRandom()));
    }

    @Override
    public void configure(JavalinConfig config) {
        pages.addTo(config);
        apiRoutes.addTo(config, auth);
    }

    /** Stops the live log tails. */
    @Override
    public void close() {
        tailer.shutdownNow();
    }

    @Override
    public Optional<AccessRole> authenticate(Context ctx) {
        Optional<Session> s = auth.session(ctx);
        s.ifPresent(session -> ctx.attribute(USER_ATTRIBUTE, session.user()));
        return s.map(Session::role);
    }
}

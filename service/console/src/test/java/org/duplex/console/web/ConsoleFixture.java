package org.duplex.console.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.console.users.PasswordHasher;
import org.duplex.console.users.UserStore;
import org.duplex.node.control.AccessRole;
import org.duplex.node.control.ControlServer;
import org.duplex.node.control.ControlToken;

/**
 * A real control server on 127.0.0.1 (free port) with the console, over a {@link FakeControlApi}
 * and temporary SAFE/SAFEVAR roots; users admin, control and monitor exist (password
 * {@link #PASSWORD}), and module pg has a module log and an application log.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";

    final FakeControlApi api = new FakeControlApi();
    final DuplexPaths paths;
    final ControlToken token;
    final ControlServer server;
    final URI base;

    ConsoleFixture(Path root, Clock clock) throws IOException {
        paths = new DuplexPaths(root.resolve("safe"), root.resolve("var"));
        UserStore users = new UserStore(UserStore.fileIn(paths.safeVar()), new PasswordHasher(new SecureRandom()));
        users.put("admin", AccessRole.ADMIN, PASSWORD.toCharArray());
        users.put("control", AccessRole.CONTROL, PASSWORD.toCharArray());
        users.put("monitor", AccessRole.MONITOR, PASSWORD.toCharArray());
        Path logs = paths.userVar("pg");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("module.log"), """
                2026-11-25 12:00:00.000 I Action start called by web@127.0.0.1
                2026-11-25 12:00:01.000 E Resource rfs.uptodate set to down
                2026-11-25 12:00:02.000 I Local state PRIM Ready
                """);
        Files.writeString(logs.resolve("application.log"), "2026-11-25 12:00:00.500 postgres: ready to accept connections\n");
        token = ControlToken.create(ControlToken.file(paths));
        ModuleStore store = new ModuleStore(paths, Platform.LINUX, Map.of());
        ConsoleExtension console = new ConsoleExtension(api,
                new ConsoleExtension.Settings(paths, store, clock, new SecureRandom()));
        server = ControlServer.start(api, token, "127.0.0.1", 0, List.of(console));
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    void appendModuleLog(String line) throws IOException {
        Files.writeString(paths.userVar("pg").resolve("module.log"), line + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Override
    public void close() {
        server.close();
    }
}

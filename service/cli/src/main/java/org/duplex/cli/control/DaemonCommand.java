package org.duplex.cli.control;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.node.daemon.NodeDaemon;
import org.duplex.node.generation.GenerationStore;
import org.duplex.node.data.ReplicatedDataPathFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code duplex daemon}: runs the node daemon in the foreground until SIGTERM/SIGINT (systemd and
 * procrun host it this way). Logs go to stdout (journald) and to each module's log.
 */
@Command(name = "daemon", description = "Run the node daemon in the foreground (systemd/procrun start it this way).")
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST", description = "Address of the control API and console (default: all).")
    String host = "0.0.0.0";

    @Option(names = "--port", description = "Port of the control API and console (default: ${DEFAULT-VALUE}).")
    int port = Integer.parseInt(System.getenv().getOrDefault("DUPLEX_HTTP_PORT", "9010"));

    @Override
    public Integer call() throws Exception {
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        Map<String, String> env = System.getenv();
        DuplexPaths paths = DuplexPaths.fromEnvironment(env, Platform.current());
        NodeDaemon daemon = NodeDaemon.start(new NodeDaemon.Settings(paths, env, host, port,
                ReplicatedDataPathFactory.forThisNode(paths, env),
                module -> GenerationStore.forModuleVar(paths.userVar(module)),
                safekitCommand(),
                java.util.List.of(org.duplex.console.web.ConsoleExtension.factory(paths,
                        new org.duplex.config.store.ModuleStore(paths, Platform.current(), env)))),
                String.valueOf(DaemonCommand.class.getPackage().getImplementationVersion()));
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
        daemon.awaitStop();
        return 0;
    }

    /** target/bin/safekit (or bin/safekit of an installed package) beside the CLI jar. */
    private static Optional<Path> safekitCommand() {
        try {
            Path jar = Path.of(DaemonCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path cmd = jar.getParent().resolve("bin").resolve("safekit");
            return Files.isExecutable(cmd) ? Optional.of(cmd) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

}

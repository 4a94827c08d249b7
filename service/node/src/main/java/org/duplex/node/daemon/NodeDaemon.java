package org.duplex.node.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.duplex.common.UserError;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.duplex.config.cluster.ClusterConfig;
import org.duplex.config.cluster.ClusterConfigParser;
import org.duplex.config.cluster.LocalAddresses;
import org.duplex.config.cluster.LocalNodeResolver;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.InstalledModule;
import org.duplex.config.store.ModuleStore;
import org.duplex.node.control.ControlServer;
import org.duplex.node.control.ControlToken;
import org.duplex.node.module.ModuleFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon ({@code duplex daemon}, hosted by systemd or procrun): runs every installed
 * module and serves the control API. Startup order: take the single-instance lock, read
 * cluster.xml and the cluster key, find which node this is, write a fresh control token, set up
 * each module (a module that cannot be set up is shown as STOP with the reason), then listen.
 * Shutdown (SIGTERM) stops every module through its stop scripts before exiting.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeDaemon.class);

    /** Where to listen and what to run. */
    public record Settings(DuplexPaths paths, Map<String, String> environment, String host, int port,
                           ModuleFactory.DataPathFactory dataPaths,
                           java.util.function.Function<String, org.duplex.node.module.ActionExecutor.GenerationIo> generationStores,
                           Optional<Path> safekitCommand,
                           java.util.List<org.duplex.node.control.ControlExtension.Factory> extensions) {
        /** Without extensions: the control API only. */
        public Settings(DuplexPaths paths, Map<String, String> environment, String host, int port,
                        ModuleFactory.DataPathFactory dataPaths,
                        java.util.function.Function<String, org.duplex.node.module.ActionExecutor.GenerationIo> generationStores,
                        Optional<Path> safekitCommand) {
            this(paths, environment, host, port, dataPaths, generationStores, safekitCommand, java.util.List.of());
        }
    }

    private final DaemonLock lock;
    private final NodeService service;
    private final ControlServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private NodeDaemon(DaemonLock lock, NodeService service, ControlServer server) {
        this.lock = lock;
        this.service = service;
        this.server = server;
    }

    public static NodeDaemon start(Settings s, String version) throws IOException {
        DuplexPaths paths = s.paths();
        DaemonLock lock = DaemonLock.acquire(paths.privateVar().resolve("daemon.lock"));
        try {
            Parsed<ClusterConfig> cluster = ClusterConfigParser.parse(paths.clusterConfig());
            cluster.warnings().forEach(w -> log.warn("cluster.xml: {}", w));
            String node = LocalNodeResolver.resolve(cluster.config(),
                    Optional.ofNullable(s.environment().get(LocalNodeResolver.NODE_ENV)), LocalAddresses::isLocal);
            byte[] key = ClusterKey.read(ClusterKey.file(paths.safeVar()));
            s.safekitCommand().ifPresent(cmd -> linkSafekitCommand(paths, cmd));

            NodeService service = new NodeService(node, version, Instant.now());
            ModuleFactory.NodeContext context = new ModuleFactory.NodeContext(paths, cluster.config(), node, key,
                    s.generationStores(), s.dataPaths());
            ModuleStore store = new ModuleStore(paths, Platform.current(), s.environment());
            for (InstalledModule m : store.list()) {
                service.add(setUp(context, store, cluster.config(), paths, m));
            }
            ControlToken token = ControlToken.create(ControlToken.file(paths));
            ControlServer server = ControlServer.start(service, token, s.host(), s.port(),
                    s.extensions().stream().map(f -> f.create(service)).toList());
            log.info("daemon: node '{}' up with {} module(s), control API on {}:{}", node,
                    service.modules().size(), s.host(), server.port());
            return new NodeDaemon(lock, service, server);
        } catch (RuntimeException | IOException e) {
            lock.close();
            throw e;
        }
    }

    private static org.duplex.node.daemon.ModuleHost setUp(ModuleFactory.NodeContext context, ModuleStore store,
            ClusterConfig cluster, DuplexPaths paths, InstalledModule m) {
        try {
            // SafeKit's config step: the module runs from its runtime copy (SAFEUSERBIN, SAFEUSERCONF).
            Parsed<ModuleConfig> cfg = store.applyRuntimeCopy(m.name());
            cfg.warnings().forEach(w -> log.warn("module '{}': {}", m.name(), w));
            ClusterConfigParser.checkModuleAgainstCluster(cfg.config(), cluster, paths.clusterConfig().toString());
            return ModuleFactory.create(context, m, cfg.config());
        } catch (UserError | IOException e) {
            log.error("module '{}' not started: {}", m.name(), e.getMessage());
            return new FailedModuleHost(m.name(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("module '{}' not started: bug while setting it up", m.name(), e);
            return new FailedModuleHost(m.name(), e.toString());
        }
    }

    /** Scripts call "$SAFE/safekit": point it at this installation's command. */
    private static void linkSafekitCommand(DuplexPaths paths, Path command) {
        Path link = paths.safe().resolve("safekit");
        try {
            Files.createDirectories(paths.safe());
            if (Files.isSymbolicLink(link) || Files.exists(link)) {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(command)) {
                    return;
                }
                Files.delete(link);
            }
            Files.createSymbolicLink(link, command);
        } catch (IOException e) {
            log.warn("daemon: cannot link {} to {}: {} (module scripts calling $SAFE/safekit will fail)",
                    link, command, e.toString());
        }
    }

    public NodeService service() {
        return service;
    }

    public int port() {
        return server.port();
    }

    /** Blocks until {@link #close()} ran. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        log.info("daemon: stopping every module");
        try {
            service.close();
        } finally {
            server.close();
            lock.close();
            stopped.countDown();
        }
    }
}

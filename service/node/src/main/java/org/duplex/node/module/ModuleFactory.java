package org.duplex.node.module;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.duplex.common.UserError;
import org.duplex.config.cluster.ClusterConfig;
import org.duplex.config.module.Checker;
import org.duplex.config.module.HeartConfig;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.ServiceConfig;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.InstalledModule;
import org.duplex.engine.Action;
import org.duplex.engine.EngineConfig;
import org.duplex.node.check.PingProbe;
import org.duplex.node.check.Probe;
import org.duplex.node.check.ResourceValue;
import org.duplex.node.check.SplitBrainChecker;
import org.duplex.node.heartbeat.HeartbeatConfig;
import org.duplex.node.heartbeat.HeartbeatListener;
import org.duplex.node.heartbeat.HeartbeatNetwork;
import org.duplex.node.heartbeat.HeartbeatService;
import org.duplex.node.heartbeat.LivenessChange;
import org.duplex.node.log.ModuleLog;
import org.duplex.node.script.Platform;
import org.duplex.node.script.ScriptEnvironment;
import org.duplex.node.script.ScriptLimits;
import org.duplex.node.script.ScriptRunner;
import org.duplex.node.vip.CommandRunner;
import org.duplex.node.vip.LinuxVipDriver;

/**
 * Builds a running {@link MirrorModuleHost} from an installed module: maps its
 * {@code userconfig.xml} into the engine's config, and wires the real drivers (module log, script
 * runner, VIP, heartbeats, witness, generation store, data path). Every missing prerequisite (a
 * node absent from cluster.xml, an address on no LAN) is a clear error naming the module.
 */
public final class ModuleFactory {
    /** Scripts SafeKit bounds by nothing; we keep a backstop so a hung script cannot block forever. */
    static final Duration START_SCRIPT_BACKSTOP = Duration.ofHours(1);

    /** What the factory needs that lives outside one module. */
    public record NodeContext(DuplexPaths paths, ClusterConfig cluster, String nodeName, byte[] clusterKey,
                              Function<String, ActionExecutor.GenerationIo> generationStores,
                              DataPathFactory dataPaths) {}

    /** Creates a module's data path; the listener is the host's. */
    public interface DataPathFactory {
        DataPath create(InstalledModule module, ModuleConfig config, DataPath.Listener listener) throws IOException;
    }

    private ModuleFactory() {}

    public static MirrorModuleHost create(NodeContext node, InstalledModule installed, ModuleConfig cfg)
            throws IOException {
        String module = installed.name();
        String peer = peerOf(node.cluster(), node.nodeName(), module);
        EngineConfig engineConfig = engineConfig(node.nodeName(), peer, cfg);

        ModuleLog log = ModuleLog.open(node.paths(), module);
        ScriptEnvironment env = ScriptEnvironment.forModule(node.paths(), module,
                cfg.scriptVariables());
        OutputStream appLog = log.applicationOutput();
        ScriptRunner runner = new ScriptRunner(Platform.current(), env,
                new ScriptLimits(cfg.niceStopTimeout().plusSeconds(30), cfg.forceStopTimeout().plusSeconds(30),
                        START_SCRIPT_BACKSTOP, Duration.ofSeconds(2)),
                line -> writeLine(appLog, line), System::nanoTime);
        ScriptDriver scripts = new ScriptDriver(module, runner, Platform.current(), START_SCRIPT_BACKSTOP);
        ActionExecutor.ScriptPort runScripts = cfg.scriptsEnabled() ? scripts : noScripts();
        ScheduledExecutorService monitorThreads = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "monitor-" + module);
            t.setDaemon(true);
            return t;
        });
        MonitoredEvents monitored = new MonitoredEvents();
        Monitoring monitoring = new Monitoring(cfg, monitorThreads, monitored,
                (handler, exit) -> Thread.ofVirtual().name("errd-handler").start(() ->
                        exit.accept(runner.run(handler, List.of()).succeeded() ? 0 : 1)),
                log::error);
        ActionExecutor.ScriptPort scriptPort = monitoredScripts(runScripts, monitoring);

        CommandRunner commands = CommandRunner.host();
        ActionExecutor.VipPort vip = cfg.vip().<ActionExecutor.VipPort>map(v ->
                new VipDriverPort(v, new LinuxVipDriver(commands, 3, 2), commands)).orElse(on -> { });

        DataPathHolder data = new DataPathHolder();
        ActionExecutor.Drivers drivers = new ActionExecutor.Drivers(scriptPort, vip, data,
                node.generationStores().apply(module), witness(cfg), (level, message) -> {
                    if (level == Action.Level.ERROR) {
                        log.error(message);
                    } else {
                        log.info(message);
                    }
                });
        MirrorModuleHost host = new MirrorModuleHost(module, engineConfig, drivers);
        data.set(node.dataPaths().create(installed, cfg, host.dataPathListener()));
        monitored.deliverTo(host::post);
        host.addResources(() -> {
            java.util.Map<String, String> out = new java.util.TreeMap<>();
            monitoring.values().forEach((k, v) -> out.put(k, v.word()));
            return out;
        });
        host.closeWithModule(monitoring);
        host.closeWithModule(monitorThreads::shutdownNow);
        host.closeWithModule(scripts);

        ScheduledExecutorService heartbeatThreads = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "heartbeat-" + module);
            t.setDaemon(true);
            return t;
        });
        HeartbeatService heartbeat = new HeartbeatService(
                heartbeatConfig(node, installed, cfg, peer), host::heartbeatPayload, new HeartbeatListener() {
                    @Override public void peerState(String network, long epoch, byte[] state) {
                        host.heartbeatReceived(network, state);
                    }
                    @Override public void liveness(LivenessChange change) {
                        // The engine measures liveness itself from the echoed clocks; this is for status only.
                    }
                }, heartbeatThreads, System::nanoTime);
        heartbeat.start();
        host.closeWithModule(heartbeat);
        host.closeWithModule(heartbeatThreads::shutdownNow);
        host.closeWithModule(log);
        return host;
    }

    /** SafeKit's config-to-engine mapping, with its defaults (safekit-behaviour.md §2.1, §2.2, §5.2). */
    static EngineConfig engineConfig(String node, String peer, ModuleConfig cfg) {
        List<String> networks = cfg.heart().heartbeats().stream().map(HeartConfig.Heartbeat::ident).toList();
        long timeoutMs = cfg.heart().heartbeats().stream().mapToLong(h -> h.timeout().toMillis()).max()
                .orElse(HeartConfig.DEFAULT_TIMEOUT.toMillis());
        ServiceConfig.DefaultPrim dp = cfg.defaultPrim();
        String defaultPrim = switch (dp.kind()) {
            case ALONE -> EngineConfig.DEFAULTPRIM_ALONE;
            case LASTPRIM -> EngineConfig.DEFAULTPRIM_LASTPRIM;
            case SERVER -> dp.server().orElseThrow();
        };
        boolean witness = cfg.checkers().stream().anyMatch(c -> c.kind() == Checker.Kind.SPLITBRAIN);
        return new EngineConfig(node, peer, networks, cfg.failoverEnabled(), defaultPrim, cfg.maxloop(),
                cfg.loopInterval().toMillis(), timeoutMs, timeoutMs / 2, timeoutMs,
                START_SCRIPT_BACKSTOP.toMillis(), cfg.niceStopTimeout().toMillis(), cfg.forceStopTimeout().toMillis(),
                witness);
    }

    static String peerOf(ClusterConfig cluster, String node, String module) {
        List<String> others = cluster.nodeNames().stream().filter(n -> !n.equals(node)).toList();
        if (!cluster.nodeNames().contains(node) || others.size() != 1) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "module '" + module + "': a mirror needs exactly two"
                    + " nodes in cluster.xml including this node '" + node + "' (nodes: " + cluster.nodeNames() + ")");
        }
        return others.getFirst();
    }

    private static HeartbeatConfig heartbeatConfig(NodeContext node, InstalledModule installed, ModuleConfig cfg,
            String peer) throws IOException {
        int port = cfg.heart().port().orElse(installed.heartPort());
        List<HeartbeatNetwork> networks = new ArrayList<>();
        for (HeartConfig.Heartbeat hb : cfg.heart().heartbeats()) {
            ClusterConfig.Lan lan = node.cluster().lan(hb.lan()).orElseThrow(() -> new UserError(
                    UserError.Kind.INVALID_INPUT, "module '" + installed.name() + "': heartbeat network '" + hb.lan()
                            + "' is not a <lan> of cluster.xml"));
            networks.add(new HeartbeatNetwork(hb.ident(),
                    new InetSocketAddress(InetAddress.getByName(address(lan, node.nodeName(), installed)), port),
                    new InetSocketAddress(InetAddress.getByName(address(lan, peer, installed)), port),
                    hb.pulse(), hb.timeout()));
        }
        return new HeartbeatConfig(node.nodeName(), peer, installed.name(), System.currentTimeMillis(),
                node.clusterKey(), networks);
    }

    private static String address(ClusterConfig.Lan lan, String nodeName, InstalledModule installed) {
        return lan.node(nodeName).map(ClusterConfig.Node::address).orElseThrow(() -> new UserError(
                UserError.Kind.INVALID_INPUT, "module '" + installed.name() + "': node '" + nodeName
                        + "' has no address on LAN '" + lan.name() + "' in cluster.xml"));
    }

    private static ActionExecutor.WitnessPort witness(ModuleConfig cfg) {
        List<Probe> probes = cfg.checkers().stream().filter(c -> c.kind() == Checker.Kind.SPLITBRAIN)
                .flatMap(c -> c.args().stream()).<Probe>map(PingProbe::new).toList();
        if (probes.isEmpty()) {
            return answer -> answer.accept(false);
        }
        SplitBrainChecker checker = new SplitBrainChecker(probes, Duration.ofSeconds(2), change -> { });
        return answer -> Thread.ofVirtual().name("witness").start(() -> answer.accept(checker.check() == ResourceValue.UP));
    }

    /** Phases of errd and the checkers follow the scripts (see {@link Monitoring}). */
    private static ActionExecutor.ScriptPort monitoredScripts(ActionExecutor.ScriptPort scripts, Monitoring monitoring) {
        return new ActionExecutor.ScriptPort() {
            @Override public void start(long runId, String name, List<String> args, java.util.function.IntConsumer onExit) {
                monitoring.scriptStarting(name);
                scripts.start(runId, name, args, exit -> {
                    monitoring.scriptFinished(name, exit == 0);
                    onExit.accept(exit);
                });
            }
            @Override public void kill(long runId) {
                scripts.kill(runId);
            }
        };
    }

    /** Resource events that may arrive before the host exists are delivered once it does. */
    private static final class MonitoredEvents implements java.util.function.Consumer<org.duplex.engine.Event> {
        private java.util.function.Consumer<org.duplex.engine.Event> target;
        private final List<org.duplex.engine.Event> early = new ArrayList<>();

        @Override public synchronized void accept(org.duplex.engine.Event e) {
            if (target == null) {
                early.add(e);
            } else {
                target.accept(e);
            }
        }

        synchronized void deliverTo(java.util.function.Consumer<org.duplex.engine.Event> t) {
            target = t;
            early.forEach(t);
            early.clear();
        }
    }

    /** Without {@code <user>}, SafeKit runs no script: each one succeeds at once. */
    private static ActionExecutor.ScriptPort noScripts() {
        return new ActionExecutor.ScriptPort() {
            @Override public void start(long runId, String name, List<String> args, java.util.function.IntConsumer onExit) {
                onExit.accept(0);
            }
            @Override public void kill(long runId) { }
        };
    }

    private static void writeLine(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the host exist before its data path (which needs the host's listener). */
    private static final class DataPathHolder implements DataPath {
        private volatile DataPath delegate;

        void set(DataPath d) { delegate = d; }

        @Override public void setFilter(Action.FilterMode mode) throws IOException { delegate.setFilter(mode); }
        @Override public void startReplication(Action.Role role) { delegate.startReplication(role); }
        @Override public void stopReplication() { delegate.stopReplication(); }
        @Override public void startResync(Action.Role role, Action.ResyncMode mode) { delegate.startResync(role, mode); }
        @Override public void stopResync() { delegate.stopResync(); }
        @Override public void reportSplitBrain(boolean target, String local, String peer) {
            delegate.reportSplitBrain(target, local, peer);
        }
        @Override public void close() {
            if (delegate != null) {
                delegate.close();
            }
        }
    }
}

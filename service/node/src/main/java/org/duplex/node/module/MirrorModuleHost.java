package org.duplex.node.module;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.duplex.common.UserError;
import org.duplex.engine.Action;
import org.duplex.engine.CommandKind;
import org.duplex.engine.Engine;
import org.duplex.engine.EngineConfig;
import org.duplex.engine.EngineStatus;
import org.duplex.engine.Event;
import org.duplex.engine.generation.Generations;
import org.duplex.engine.generation.GenerationView;
import org.duplex.node.control.CommandResult;
import org.duplex.node.control.ModuleStatus;
import org.duplex.node.daemon.ModuleHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror module running on this node: its pure {@link Engine} on a {@link ModuleLoop}, fed by
 * the drivers (heartbeats, scripts, data path, witness, commands) and executing the engine's
 * actions through an {@link ActionExecutor}.
 *
 * <pre>
 *   CLI / console --command--> loop: engine.step(Command) --actions--> drivers
 *   heartbeat     --payload--> loop: engine.step(Heartbeat)
 *   data path     --up/lost/progress/done--> loop: engine.step(...)
 *   scripts       --exit code--> loop: engine.step(ScriptFinished)
 * </pre>
 *
 * The host decides nothing: every decision is the engine's. It keeps a snapshot of the engine's
 * status after each step, so {@code state} never waits behind a running script.
 */
public final class MirrorModuleHost implements ModuleHost {
    private static final Logger log = LoggerFactory.getLogger(MirrorModuleHost.class);
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    private final String module;
    private final ModuleLoop loop;
    private final ActionExecutor executor;
    private final ActionExecutor.Drivers drivers;
    private final Engine engine;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<java.util.function.Supplier<Map<String, String>>> resourceSources =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong lastPeerSentMs = new AtomicLong(-1);
    private volatile EngineStatus status;
    private volatile GenerationView peerGenerations;

    /**
     * Creates the module's engine from its persisted generations. A missing or corrupt generation
     * file is an error naming the file: a node never guesses that its data are good.
     */
    public MirrorModuleHost(String module, EngineConfig config, ActionExecutor.Drivers drivers) throws IOException {
        this.module = module;
        this.drivers = drivers;
        this.loop = new ModuleLoop(module);
        Generations persisted = drivers.generations().load();
        this.engine = new Engine(config, persisted);
        this.executor = new ActionExecutor(module, drivers, loop, this::post);
        this.status = engine.status();
    }

    /** The listener the data path reports to. */
    public DataPath.Listener dataPathListener() {
        return new DataPath.Listener() {
            @Override public void replicationUp() { post(new Event.ReplicationUp()); }
            @Override public void replicationLost(String reason) { post(new Event.ReplicationLost(reason)); }
            @Override public void resyncProgress(int percent) { post(new Event.ResyncProgress(percent)); }
            @Override public void resyncFailed(String reason) { post(new Event.ResyncFailed(reason)); }
            @Override public void resyncDone() {
                loop.post(() -> {
                    GenerationView source = peerGenerations;
                    if (source == null || source.current() == null) {
                        step(new Event.ResyncFailed("resync ended but the source's generation is unknown"));
                    } else {
                        step(new Event.ResyncDone(source.current(), source.history(), source.createdByFailover()));
                    }
                });
            }
        };
    }

    /** The bytes to put in the next heartbeat (called by the heartbeat driver at every pulse). */
    public byte[] heartbeatPayload() {
        var a = executor.announcement();
        if (a == null) {
            a = initialAnnouncement();
        }
        return AnnouncementCodec.encode(loop.nowMs(), lastPeerSentMs.get(), a);
    }

    /** A heartbeat payload received from the peer on {@code network}. */
    public void heartbeatReceived(String network, byte[] payload) {
        AnnouncementCodec.Payload p;
        try {
            p = AnnouncementCodec.decode(payload);
        } catch (IOException e) {
            log.warn("module '{}': heartbeat on {} ignored: {}", module, network, e.getMessage());
            return;
        }
        lastPeerSentMs.accumulateAndGet(p.sentMs(), Math::max);
        peerGenerations = p.announcement().generations();
        post(new Event.Heartbeat(network, p.sentMs(), p.echoMs(), p.announcement()));
    }

    /** Adds resources shown by {@code state -v} (errd processes, checkers). */
    public void addResources(java.util.function.Supplier<Map<String, String>> source) {
        resourceSources.add(source);
    }

    /** Closes {@code c} with the module (heartbeat service, checkers, ...). */
    public void closeWithModule(AutoCloseable c) {
        closeables.add(c);
    }

    @Override
    public String name() {
        return module;
    }

    @Override
    public ModuleStatus status() {
        EngineStatus s = status;
        Map<String, String> resources = new LinkedHashMap<>(executor.resources());
        resourceSources.forEach(src -> resources.putAll(src.get()));
        resources.put("state.local", s.state().name());
        resources.put("usersetting.failover", s.failoverOn() ? "on" : "off");
        if (s.generations().current() != null) {
            resources.put("rfs.generation", s.generations().current().toString());
        }
        String detail = s.resyncPercent() >= 0 && s.transitionInProgress()
                ? "resync " + s.resyncPercent() + "%" : "";
        return new ModuleStatus(module, s.state().name(), s.qualifier().display(),
                s.colour().name().toLowerCase(Locale.ROOT), detail, resources);
    }

    @Override
    public CommandResult command(String verb, List<String> args) {
        Event.Command cmd = parse(verb, args);
        return loop.call(() -> {
            step(cmd);
            Optional<String> refused = engine.lastRefusal();
            if (refused.isPresent()) {
                throw new UserError(UserError.Kind.REFUSED, verb + " refused: " + refused.get());
            }
            return new CommandResult(cmd.command().verb() + ": accepted", status());
        }, COMMAND_TIMEOUT_MS);
    }

    @Override
    public boolean ready() {
        EngineStatus s = status;
        return s.state().isPrimary() && s.qualifier() == org.duplex.engine.Qualifier.READY;
    }

    /** Feeds one event to the engine on the loop thread. Safe from any thread. */
    public void post(Event event) {
        loop.post(() -> step(event));
    }

    private void step(Event event) {
        List<Action> actions = engine.step(event, loop.nowMs());
        if (log.isDebugEnabled() && !(event instanceof Event.Heartbeat && actions.isEmpty())) {
            log.debug("module '{}' {}: {} -> {}", module, engine.config().nodeName(), event, actions);
        }
        executor.execute(actions);
        status = engine.status();
    }

    /**
     * Stops the module as {@code stop} does (stop scripts, VIP removed, filter unmounted) and waits
     * for STOP, bounded by the stop scripts' own limits, before releasing the drivers.
     */
    @Override
    public void close() {
        try {
            if (status.state() != org.duplex.engine.State.STOP) {
                loop.call(() -> {
                    step(Event.Command.admin(CommandKind.STOP));
                    return null;
                }, COMMAND_TIMEOUT_MS);
            }
            EngineConfig cfg = engine.config();
            long deadline = System.nanoTime()
                    + (cfg.niceStopTimeoutMs() + cfg.forceStopTimeoutMs() + COMMAND_TIMEOUT_MS) * 1_000_000L;
            while (status.state() != org.duplex.engine.State.STOP && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling our own status snapshot; the loop thread does the work
            }
            if (status.state() != org.duplex.engine.State.STOP) {
                log.error("module '{}': did not reach STOP before its stop timeouts; releasing it anyway", module);
            }
        } catch (UserError e) {
            log.warn("module '{}': stop at shutdown: {}", module, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("module '{}': closing {} failed: {}", module, c, e.toString());
            }
        }
        drivers.data().close();
        loop.close();
    }

    private org.duplex.engine.Announcement initialAnnouncement() {
        Generations g = engine.generations();
        return new org.duplex.engine.Announcement(org.duplex.engine.State.STOP,
                org.duplex.engine.Qualifier.NOT_READY, false, GenerationView.of(g), false, false, false, false);
    }

    /** SafeKit verbs and their arguments ({@code fullsync}, {@code on|off}, {@code -i identity}). */
    static Event.Command parse(String verb, List<String> args) {
        String identity = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-i") && i + 1 < args.size()) {
                identity = args.get(++i);
            } else {
                rest.add(args.get(i));
            }
        }
        boolean fullsync = rest.contains("fullsync");
        CommandKind kind = switch (verb) {
            case "start" -> CommandKind.START;
            case "stop" -> CommandKind.STOP;
            case "restart" -> CommandKind.RESTART;
            case "stopstart" -> CommandKind.STOPSTART;
            case "forcestop" -> CommandKind.FORCESTOP;
            case "prim" -> fullsync ? CommandKind.PRIM_FULLSYNC : CommandKind.PRIM;
            case "second" -> fullsync ? CommandKind.SECOND_FULLSYNC : CommandKind.SECOND;
            case "swap" -> CommandKind.SWAP;
            case "primforce" -> CommandKind.PRIMFORCE;
            case "secondforce" -> CommandKind.SECONDFORCE;
            case "failover" -> {
                if (rest.equals(List.of("on"))) {
                    yield CommandKind.FAILOVER_ON;
                }
                if (rest.equals(List.of("off"))) {
                    yield CommandKind.FAILOVER_OFF;
                }
                throw new UserError(UserError.Kind.INVALID_INPUT, "failover needs 'on' or 'off', got " + rest);
            }
            default -> throw new UserError(UserError.Kind.INVALID_INPUT, "unknown command '" + verb
                    + "' (known: start, stop, restart, stopstart, forcestop, prim, second, swap, primforce,"
                    + " secondforce, failover)");
        };
        return new Event.Command(kind, identity);
    }
}

package org.duplex.node.module;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.duplex.engine.Action;
import org.duplex.engine.Announcement;
import org.duplex.engine.Event;
import org.duplex.engine.generation.Generations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the engine's actions, strictly in list order, on the module's loop thread. Actions
 * that take time (scripts, the witness ping) run elsewhere and come back as events through
 * {@code events}; everything else is done before the next action starts, because the order is part
 * of the engine's contract (e.g. the generation is durable before the filter accepts writes).
 *
 * <p>If {@link Action.PersistGeneration} fails, none of the later actions run and
 * {@link Event.PersistFailed} goes back to the engine.
 */
public final class ActionExecutor {
    private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);

    /** The drivers an executor needs; each is the one place its I/O lives. */
    public record Drivers(
            ScriptPort scripts,
            VipPort vip,
            DataPath data,
            GenerationIo generations,
            WitnessPort witness,
            ModuleLogSink log) {}

    private final String module;
    private final Drivers drivers;
    private final ModuleLoop loop;
    private final Consumer<Event> events;
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    private volatile Announcement announcement;

    ActionExecutor(String module, Drivers drivers, ModuleLoop loop, Consumer<Event> events) {
        this.module = module;
        this.drivers = drivers;
        this.loop = loop;
        this.events = events;
    }

    /** Resources the engine set (shown by {@code state -v}). */
    Map<String, String> resources() {
        return Map.copyOf(resources);
    }

    /** The latest announcement the engine published (sent in every heartbeat). */
    Announcement announcement() {
        return announcement;
    }

    void execute(List<Action> actions) {
        for (Action action : actions) {
            if (!executeOne(action)) {
                return;
            }
        }
    }

    /** Returns false when the rest of the list must not run. */
    private boolean executeOne(Action action) {
        switch (action) {
            case Action.Log l -> drivers.log().log(l.level(), l.message());
            case Action.SetResource r -> resources.put(r.name(), r.value());
            case Action.PublishState p -> announcement = p.announcement();
            case Action.ScheduleTimer t -> loop.scheduleAt(t.timer(), t.atMs(),
                    () -> events.accept(new Event.TimerFired(t.timer())));
            case Action.PersistGeneration p -> {
                return persist(p.generations());
            }
            case Action.RunScript s -> drivers.scripts().start(s.runId(), s.name(), s.args(),
                    exit -> events.accept(new Event.ScriptFinished(s.runId(), exit)));
            case Action.KillScript k -> drivers.scripts().kill(k.runId());
            case Action.SetVip v -> setVip(v.on());
            case Action.SetFilter f -> setFilter(f.mode());
            case Action.StartReplication r -> drivers.data().startReplication(r.role());
            case Action.StopReplication r -> drivers.data().stopReplication();
            case Action.StartResync r -> drivers.data().startResync(r.role(), r.mode());
            case Action.StopResync r -> drivers.data().stopResync();
            case Action.ReportSplitBrain s -> drivers.data().reportSplitBrain(s.thisNodeIsTarget(),
                    s.localGeneration(), s.peerGeneration());
            case Action.CheckWitness w -> drivers.witness().check(
                    reachable -> events.accept(new Event.WitnessResult(w.requestId(), reachable)));
        }
        return true;
    }

    private boolean persist(Generations g) {
        try {
            drivers.generations().save(g);
            return true;
        } catch (IOException | RuntimeException e) {
            String reason = "cannot persist the data generation: " + e.getMessage();
            drivers.log().log(Action.Level.ERROR, reason);
            log.error("module '{}': {}", module, reason, e);
            events.accept(new Event.PersistFailed(reason));
            return false;
        }
    }

    private void setVip(boolean on) {
        try {
            drivers.vip().set(on);
        } catch (IOException e) {
            // A VIP that cannot be set is a resource failure the engine must hear about.
            drivers.log().log(Action.Level.ERROR, "virtual IP " + (on ? "set" : "unset") + " failed: " + e.getMessage());
            events.accept(new Event.ResourceChanged("ip.vip", false, Event.CheckerAction.STOPSTART));
        }
    }

    private void setFilter(Action.FilterMode mode) {
        try {
            drivers.data().setFilter(mode);
        } catch (IOException e) {
            drivers.log().log(Action.Level.ERROR, "file-system filter " + mode + " failed: " + e.getMessage());
            events.accept(new Event.ResourceChanged("rfs.filter", false, Event.CheckerAction.STOP));
        }
    }

    /** Runs module scripts off the loop; reports each exit code once. */
    public interface ScriptPort {
        void start(long runId, String name, List<String> args, java.util.function.IntConsumer onExit);

        void kill(long runId);
    }

    /** Adds or removes every virtual IP of the module. */
    public interface VipPort {
        void set(boolean on) throws IOException;
    }

    /** Loads and durably stores the module's data generations. */
    public interface GenerationIo {
        Generations load() throws IOException;

        void save(Generations generations) throws IOException;
    }

    /** Pings the split-brain witnesses; answers once. */
    public interface WitnessPort {
        void check(Consumer<Boolean> reachable);
    }

    /** The module log (SafeKit's I/E levels). */
    public interface ModuleLogSink {
        void log(Action.Level level, String message);
    }
}

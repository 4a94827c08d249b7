package org.duplex.node.module;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.duplex.config.module.Checker;
import org.duplex.config.module.ErrdConfig;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.RecoveryAction;
import org.duplex.engine.Event;
import org.duplex.node.check.CheckSpec;
import org.duplex.node.check.CheckerService;
import org.duplex.node.check.FailureAction;
import org.duplex.node.check.PingProbe;
import org.duplex.node.check.ResourceChange;
import org.duplex.node.check.ResourceValue;
import org.duplex.node.check.TcpProbe;
import org.duplex.node.errd.LinuxProcessTable;
import org.duplex.node.errd.ProcWatch;
import org.duplex.node.errd.ProcessMatcher;
import org.duplex.node.errd.ProcessMonitor;

/**
 * A module's process monitoring ({@code <errd>}) and checkers ({@code <check>}), switched on and
 * off around the scripts as SafeKit does (class/when {@code pre} from prestart to poststop,
 * {@code prim} from start_prim to stop_prim, {@code second} from start_second to stop_second,
 * {@code both} from start_both to stop_both). Every resource change goes to the engine as
 * {@link Event.ResourceChanged} with the action the configuration asks; the engine decides.
 * An errd custom handler runs first; if it fails, the module is stopped and started (SafeKit).
 */
final class Monitoring implements AutoCloseable {
    private final ProcessMonitor errd;
    private final CheckerService checkers;
    private final Consumer<Event> events;
    private final BiConsumer<String, Consumer<Integer>> handlerRunner;

    /**
     * @param handlerRunner runs an errd custom handler (relative to SAFEUSERBIN) and reports its exit code
     * @param unsupported   receives a line for every checker kind not monitored yet
     */
    Monitoring(ModuleConfig cfg, ScheduledExecutorService scheduler, Consumer<Event> events,
               BiConsumer<String, Consumer<Integer>> handlerRunner, Consumer<String> unsupported) {
        this.events = events;
        this.handlerRunner = handlerRunner;
        List<ProcWatch> watches = new ArrayList<>();
        Duration poll = ErrdConfig.DEFAULT_POLL_TIMER;
        if (cfg.errd().isPresent()) {
            poll = cfg.errd().get().pollTimer();
            for (ErrdConfig.ProcMonitor p : cfg.errd().get().procs()) {
                watches.add(new ProcWatch(ProcessMatcher.of(p.name(), p.nameRegex(), p.argRegex()), p.atLeast(),
                        p.atMost(), failureAction(p.action(), p.handler()), p.procClass(), p.startAfter()));
            }
        }
        this.errd = new ProcessMonitor(watches, poll, new LinuxProcessTable(), this::changed, scheduler);
        List<CheckSpec> specs = new ArrayList<>();
        for (Checker c : cfg.checkers()) {
            Optional<CheckSpec> spec = spec(c);
            if (spec.isPresent()) {
                specs.add(spec.get());
            } else if (c.kind() != Checker.Kind.SPLITBRAIN) {
                unsupported.accept("checker " + c.resource() + " (" + c.kind().name().toLowerCase(Locale.ROOT)
                        + ") is not monitored by this version of Duplex");
            }
        }
        this.checkers = new CheckerService(specs, this::changed, scheduler);
        errd.start();
    }

    /** A script is about to run: the phase it ends stops being monitored first. */
    void scriptStarting(String script) {
        String phase = switch (script) {
            case "stop_prim" -> "prim";
            case "stop_second" -> "second";
            case "stop_both" -> "both";
            case "poststop" -> "pre";
            default -> null;
        };
        if (phase != null) {
            errd.disable(phase);
            checkers.disable(phase);
        }
    }

    /** A script ended: the phase it starts is monitored from now on (only if it succeeded). */
    void scriptFinished(String script, boolean succeeded) {
        String phase = switch (script) {
            case "prestart" -> "pre";
            case "start_prim" -> "prim";
            case "start_second" -> "second";
            case "start_both" -> "both";
            default -> null;
        };
        if (phase != null && succeeded) {
            errd.enable(phase);
            checkers.enable(phase);
        }
    }

    Map<String, ResourceValue> values() {
        Map<String, ResourceValue> all = new java.util.TreeMap<>(errd.values());
        all.putAll(checkers.values());
        return all;
    }

    private void changed(ResourceChange c) {
        boolean up = c.current() == ResourceValue.UP;
        if (c.current() != ResourceValue.UP && c.current() != ResourceValue.DOWN) {
            return;
        }
        FailureAction a = c.action();
        if (!up && a.kind() == FailureAction.Kind.CUSTOM) {
            handlerRunner.accept(a.customHandler().orElseThrow(), exit -> events.accept(
                    new Event.ResourceChanged(c.resource(), false,
                            exit == 0 ? Event.CheckerAction.NOACTION : Event.CheckerAction.STOPSTART)));
            return;
        }
        events.accept(new Event.ResourceChanged(c.resource(), up, checkerAction(a.kind())));
    }

    static Event.CheckerAction checkerAction(FailureAction.Kind kind) {
        return switch (kind) {
            case RESTART -> Event.CheckerAction.RESTART;
            case STOPSTART, CUSTOM -> Event.CheckerAction.STOPSTART;
            case STOP -> Event.CheckerAction.STOP;
            case WAIT -> Event.CheckerAction.WAIT;
            case NOACTION -> Event.CheckerAction.NOACTION;
        };
    }

    static FailureAction failureAction(RecoveryAction action, Optional<String> handler) {
        return switch (action) {
            case RESTART -> FailureAction.of(FailureAction.Kind.RESTART);
            case STOP -> FailureAction.of(FailureAction.Kind.STOP);
            case STOPSTART -> FailureAction.of(FailureAction.Kind.STOPSTART);
            case WAIT -> FailureAction.of(FailureAction.Kind.WAIT);
            case NOACTION -> FailureAction.of(FailureAction.Kind.NOACTION);
            case HANDLER -> new FailureAction(FailureAction.Kind.CUSTOM, handler);
        };
    }

    /** The checkers this version runs: tcp and ping (intf, ip, custom and module are reported unsupported). */
    private static Optional<CheckSpec> spec(Checker c) {
        if (c.targets().isEmpty()) {
            return Optional.empty();
        }
        Checker.Target t = c.targets().getFirst();
        String when = c.when().name().toLowerCase(Locale.ROOT);
        FailureAction action = failureAction(c.action(), Optional.empty());
        return switch (c.kind()) {
            case TCP -> t.address().isPresent() && t.port().isPresent()
                    ? Optional.of(new CheckSpec(c.resource(), new TcpProbe(t.address().get(), t.port().getAsInt()),
                            t.interval(), t.timeout(), action, when))
                    : Optional.empty();
            case PING -> t.address().map(a -> new CheckSpec(c.resource(), new PingProbe(a), t.interval(), t.timeout(),
                    action, when));
            default -> Optional.empty();
        };
    }

    @Override
    public void close() {
        checkers.close();
        errd.close();
    }
}

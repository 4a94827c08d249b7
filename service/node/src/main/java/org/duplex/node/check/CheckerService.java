package org.duplex.node.check;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.duplex.common.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code <check>} checkers and reports their resources' transitions (with {@code init}
 * until the first result) to a {@link ResourceListener}.
 *
 * <p>A checker runs only while its {@code when} phase is enabled: the owner enables {@code pre}
 * after prestart, {@code prim} after start_prim, and so on, and disables it again before the
 * matching stop (safekit-behaviour.md §2.8). Disabling puts its resource back to {@code init} and
 * discards a probe still in flight. {@link #off()}/{@link #on()} are {@code safekit checker
 * off|on}: probing stops, values stay.
 *
 * <p>Probes block (up to their timeout) on the injected scheduler's threads, outside the lock; the
 * scheduler needs as many threads as checkers that may hang at the same time. State and listener
 * calls are serialised on {@code this}.
 */
public final class CheckerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckerService.class);

    private static final class Running {
        final CheckSpec spec;
        ResourceValue value = ResourceValue.INIT;
        long generation;
        ScheduledFuture<?> task;

        Running(CheckSpec spec) {
            this.spec = spec;
        }
    }

    private final Map<String, Running> checkers = new LinkedHashMap<>();
    private final ResourceListener listener;
    private final ScheduledExecutorService scheduler;
    private final Set<String> enabledPhases = new HashSet<>();
    private boolean off;
    private boolean closed;

    public CheckerService(List<CheckSpec> specs, ResourceListener listener, ScheduledExecutorService scheduler) {
        for (CheckSpec spec : specs) {
            Check.argument(checkers.put(spec.resource(), new Running(spec)) == null,
                    "two checkers set the same resource %s", spec.resource());
        }
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** Starts the checkers of phase {@code when} (pre, prim, second, both). */
    public synchronized void enable(String when) {
        if (enabledPhases.add(when)) {
            checkers.values().stream().filter(r -> r.spec.when().equals(when)).forEach(this::schedule);
        }
    }

    /** Stops the checkers of phase {@code when}; their resources go back to init. */
    public synchronized void disable(String when) {
        if (enabledPhases.remove(when)) {
            for (Running r : checkers.values()) {
                if (r.spec.when().equals(when)) {
                    cancel(r);
                    set(r, new Probe.ProbeResult(ResourceValue.INIT, "phase " + when + " ended"));
                }
            }
        }
    }

    /** {@code safekit checker off}: no more probes until {@link #on()}; values are kept. */
    public synchronized void off() {
        off = true;
        checkers.values().forEach(this::cancel);
    }

    /** {@code safekit checker on}. */
    public synchronized void on() {
        if (off) {
            off = false;
            checkers.values().stream().filter(r -> enabledPhases.contains(r.spec.when())).forEach(this::schedule);
        }
    }

    /** Current value of every checker's resource. */
    public synchronized Map<String, ResourceValue> values() {
        Map<String, ResourceValue> values = new LinkedHashMap<>();
        checkers.forEach((resource, r) -> values.put(resource, r.value));
        return values;
    }

    private void schedule(Running r) {
        if (off || closed || r.task != null) {
            return;
        }
        long generation = ++r.generation;
        r.task = scheduler.scheduleWithFixedDelay(() -> probeOnce(r, generation), 0,
                r.spec.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel(Running r) {
        r.generation++;
        if (r.task != null) {
            r.task.cancel(false);
            r.task = null;
        }
    }

    private void probeOnce(Running r, long generation) {
        Probe.ProbeResult result;
        try {
            result = r.spec.probe().probe(r.spec.timeout());
        } catch (RuntimeException e) {
            log.error("check: probe of '{}' threw; counted as down", r.spec.resource(), e);
            result = Probe.ProbeResult.down("probe failed: " + e);
        }
        synchronized (this) {
            if (generation == r.generation && result.value() != ResourceValue.INIT) {
                set(r, result);
            }
        }
    }

    private void set(Running r, Probe.ProbeResult result) {
        if (r.value == result.value()) {
            return;
        }
        ResourceChange change = new ResourceChange(r.spec.resource(), r.value, result.value(), r.spec.action(),
                result.detail());
        r.value = result.value();
        log.info("check: resource '{}' {} -> {} ({})", change.resource(), change.previous().word(),
                change.current().word(), change.detail());
        try {
            listener.changed(change);
        } catch (RuntimeException e) {
            log.warn("check: listener threw on {}, ignored", change, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        checkers.values().forEach(this::cancel);
    }
}

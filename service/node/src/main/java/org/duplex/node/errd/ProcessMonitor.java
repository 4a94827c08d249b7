package org.duplex.node.errd;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.duplex.common.Check;
import org.duplex.node.check.ResourceChange;
import org.duplex.node.check.ResourceListener;
import org.duplex.node.check.ResourceValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * errd: polls the process table every {@code polltimer} and reports {@code proc.<name>}
 * transitions, with the configured action, to a {@link ResourceListener}.
 *
 * <p>Only watches whose class is enabled are evaluated. The owner enables {@code prim} after
 * {@code start_prim} and disables it before {@code stop_prim} (likewise for the other standard
 * classes); custom classes follow {@code safekit errd enable|disable}. Disabling a class puts its
 * resources back to {@code init}. {@link #suspend()}/{@link #resume()} ({@code safekit errd
 * off|on}) stop and restart all evaluation but keep the values.
 *
 * <p>Thread-safe; all state is guarded by {@code this}. Listener calls happen under that lock,
 * so they are serialised.
 */
public final class ProcessMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessMonitor.class);

    private static final class Watched {
        final ProcWatch watch;
        ResourceValue value = ResourceValue.INIT;
        int pollsSinceEnabled;

        Watched(ProcWatch watch) {
            this.watch = watch;
        }
    }

    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Duration pollTimer;
    private final ProcessTable table;
    private final ResourceListener listener;
    private final ScheduledExecutorService scheduler;
    private final Set<String> enabledClasses = new HashSet<>();
    private boolean suspended;
    private ScheduledFuture<?> task;

    public ProcessMonitor(List<ProcWatch> watches, Duration pollTimer, ProcessTable table, ResourceListener listener,
            ScheduledExecutorService scheduler) {
        Check.argument(pollTimer.isPositive(), "errd polltimer must be > 0: %s", pollTimer);
        for (ProcWatch watch : watches) {
            Check.argument(watched.put(watch.resource(), new Watched(watch)) == null,
                    "two <proc> with the same name %s", watch.matcher().name());
        }
        this.pollTimer = pollTimer;
        this.table = table;
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** Starts polling every polltimer. */
    public synchronized void start() {
        Check.that(task == null, "errd already started");
        task = scheduler.scheduleWithFixedDelay(this::pollGuarded, pollTimer.toNanos(), pollTimer.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Starts monitoring the watches of {@code procClass}; their delay (start_after) starts now. */
    public synchronized void enable(String procClass) {
        if (enabledClasses.add(procClass)) {
            watched.values().stream().filter(w -> w.watch.procClass().equals(procClass))
                    .forEach(w -> w.pollsSinceEnabled = 0);
            log.info("errd: class '{}' enabled", procClass);
        }
    }

    /** Stops monitoring the watches of {@code procClass} and puts their resources back to init. */
    public synchronized void disable(String procClass) {
        if (enabledClasses.remove(procClass)) {
            for (Watched w : watched.values()) {
                if (w.watch.procClass().equals(procClass)) {
                    set(w, ResourceValue.INIT, "class " + procClass + " disabled");
                }
            }
            log.info("errd: class '{}' disabled", procClass);
        }
    }

    /** {@code safekit errd off}: no evaluation until {@link #resume()}. */
    public synchronized void suspend() {
        suspended = true;
    }

    /** {@code safekit errd on}. */
    public synchronized void resume() {
        suspended = false;
    }

    /** Current value of every {@code proc.*} resource. */
    public synchronized Map<String, ResourceValue> values() {
        Map<String, ResourceValue> values = new LinkedHashMap<>();
        watched.forEach((resource, w) -> values.put(resource, w.value));
        return values;
    }

    /** Polls once now (also what the timer does). */
    public synchronized void poll() {
        if (suspended || enabledClasses.isEmpty()) {
            return;
        }
        List<ProcessInfo> processes = table.snapshot();
        for (Watched w : watched.values()) {
            if (!enabledClasses.contains(w.watch.procClass())) {
                continue;
            }
            w.pollsSinceEnabled++;
            if (w.pollsSinceEnabled < w.watch.startAfter()) {
                continue;
            }
            ProcWatch.Assessment assessment = w.watch.assess(processes);
            set(w, assessment.value(), assessment.detail());
        }
    }

    private void pollGuarded() {
        try {
            poll();
        } catch (RuntimeException e) {
            // Keep the periodic task alive: a failed poll changes no resource.
            log.error("errd: poll failed, resources unchanged", e);
        }
    }

    private void set(Watched w, ResourceValue next, String detail) {
        if (w.value == next) {
            return;
        }
        ResourceChange change = new ResourceChange(w.watch.resource(), w.value, next, w.watch.action(), detail);
        w.value = next;
        log.info("errd: resource '{}' {} -> {} ({})", change.resource(), change.previous().word(),
                change.current().word(), detail);
        try {
            listener.changed(change);
        } catch (RuntimeException e) {
            log.warn("errd: listener threw on {}, ignored", change, e);
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

package org.duplex.node.module;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.duplex.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a module's engine runs. Drivers report from their own threads by
 * {@link #post posting} events here, so the engine sees one event at a time in a total order and
 * needs no locks (the etcd-raft "Ready loop" shape). Time is a monotonic millisecond clock that
 * starts at 0; wall-clock jumps cannot fire or delay a timer.
 *
 * <p>A task that throws is a bug: it is logged with the module's name and the loop carries on
 * (the engine itself turns illegal moves into a safe stop).
 */
public final class ModuleLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModuleLoop.class);

    private final String module;
    private final ScheduledExecutorService thread;
    private final long originNanos = System.nanoTime();
    /** Pending timer per key; only touched on the loop thread. */
    private final Map<Object, ScheduledFuture<?>> timers = new HashMap<>();

    public ModuleLoop(String module) {
        this.module = module;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "module-" + module);
            t.setDaemon(true);
            return t;
        });
    }

    /** Milliseconds since this loop started, monotonic. */
    public long nowMs() {
        return (System.nanoTime() - originNanos) / 1_000_000;
    }

    /** Runs {@code task} on the loop thread after everything posted before it. Safe from any thread. */
    public void post(Runnable task) {
        try {
            thread.execute(guard(task));
        } catch (RejectedExecutionException e) {
            log.debug("module '{}': loop closed, dropping a late event", module);
        }
    }

    /** Runs {@code task} on the loop thread and waits for its result (for control commands). */
    public <T> T call(Callable<T> task, long timeoutMs) {
        Future<T> f;
        try {
            f = thread.submit(task);
        } catch (RejectedExecutionException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "module '" + module + "' is shutting down");
        }
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new UserError(UserError.Kind.FAILED, "module '" + module + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "module '" + module + "' did not answer within "
                    + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(UserError.Kind.FAILED, "interrupted waiting for module '" + module + "'");
        }
    }

    /**
     * Runs {@code task} on the loop thread at {@code atMs} of {@link #nowMs()}, replacing any pending
     * timer with the same key. Must be called on the loop thread.
     */
    public void scheduleAt(Object key, long atMs, Runnable task) {
        cancel(key);
        long delay = Math.max(0, atMs - nowMs());
        try {
            timers.put(key, thread.schedule(guard(() -> {
                timers.remove(key);
                task.run();
            }), delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("module '{}': loop closed, timer {} not scheduled", module, key);
        }
    }

    /** Cancels the pending timer with this key, if any. Must be called on the loop thread. */
    public void cancel(Object key) {
        ScheduledFuture<?> previous = timers.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("module '{}': bug: a loop task failed", module, e);
            }
        };
    }

    /** Stops the loop after the tasks already queued; waits a bounded time. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("module '{}': loop did not drain in 10 s, abandoning its tasks", module);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

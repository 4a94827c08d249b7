package org.duplex.node.module;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.duplex.node.script.Platform;
import org.duplex.node.script.ProcessTrees;
import org.duplex.node.script.ScriptResult;
import org.duplex.node.script.ScriptRunner;

/**
 * Runs the engine's {@code RunScript} actions with the real {@link ScriptRunner}, one thread per
 * running script, and kills a script's process tree on {@code KillScript}. The engine owns the
 * time limits (it asks for the kill); the runner's own bound is only a backstop above them.
 */
final class ScriptDriver implements ActionExecutor.ScriptPort, AutoCloseable {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final ScriptRunner runner;
    private final Platform platform;
    private final Duration backstop;
    private final ExecutorService threads;
    private final Map<Long, ProcessHandle> running = new ConcurrentHashMap<>();

    ScriptDriver(String module, ScriptRunner runner, Platform platform, Duration backstop) {
        this.runner = runner;
        this.platform = platform;
        this.backstop = backstop;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "script-" + module);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(long runId, String name, List<String> args, IntConsumer onExit) {
        threads.execute(() -> {
            ScriptResult r = runner.run(name, args, backstop, handle -> running.put(runId, handle));
            running.remove(runId);
            // A missing script succeeds (SafeKit skips it); one that could not start fails.
            onExit.accept(r.succeeded() ? 0 : (r.exitCode() == 0 ? 1 : r.exitCode()));
        });
    }

    @Override
    public void kill(long runId) {
        ProcessHandle h = running.remove(runId);
        if (h != null) {
            ProcessTrees.kill(h, platform, KILL_WAIT);
        }
    }

    @Override
    public void close() {
        running.values().forEach(h -> ProcessTrees.kill(h, platform, KILL_WAIT));
        threads.shutdownNow();
    }
}

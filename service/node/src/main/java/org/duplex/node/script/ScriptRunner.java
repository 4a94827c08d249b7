package org.duplex.node.script;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.duplex.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a module's SafeKit scripts ({@code prestart}, {@code start_prim}, {@code stop_prim}, ...)
 * the way SafeKit does (safekit-behaviour.md §2.10, §2.14):
 *
 * <ul>
 *   <li>looked up in SAFEUSERBIN; a missing script is skipped and counts as success;
 *   <li>arguments are whatever the owner passes, normally {@code <current state> <next state>
 *       <action>}; a forced stop gets {@code force} prepended;
 *   <li>environment from {@link ScriptEnvironment}, working directory SAFEUSERBIN;
 *   <li>stdout and stderr, merged, go to {@code SAFEUSERVAR/userlog_<script>.ulog} and from there
 *       line by line to the output sink (the application log), see {@link ScriptOutput};
 *   <li>a graceful stop that outlives {@code nicestoptimeout} is killed and the script is re-run
 *       with {@code force}; any call outliving its own bound has its whole process tree killed.
 * </ul>
 *
 * <p>One call at a time is the owner's business (SafeKit runs scripts sequentially); this class
 * is thread-safe anyway. It decides nothing about the cluster: results are plain records.
 */
public final class ScriptRunner {
    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    static final String FORCE = "force";

    private final ScriptResolver resolver;
    private final Platform platform;
    private final ScriptEnvironment environment;
    private final ScriptLimits limits;
    private final Consumer<String> output;
    private final LongSupplier nanoClock;

    /**
     * @param output receives every line the scripts write; exceptions it throws are logged and
     *     swallowed so a broken log never stops a script
     * @param nanoClock monotonic time source for durations ({@code System::nanoTime} in production)
     */
    public ScriptRunner(Platform platform, ScriptEnvironment environment, ScriptLimits limits,
            Consumer<String> output, LongSupplier nanoClock) {
        this.resolver = new ScriptResolver(platform);
        this.platform = platform;
        this.environment = environment;
        this.limits = limits;
        this.output = output;
        this.nanoClock = nanoClock;
    }

    /** Runs a non-stop script (start_*, prestart, transition, ...) bounded by otherScriptTimeout. */
    public ScriptResult run(String script, List<String> args) {
        return runBounded(script, args, limits.otherScriptTimeout(), handle -> { });
    }

    /**
     * Runs a script exactly as given (the caller, e.g. the engine, already put {@code force} first
     * when it wants the forced call), bounded by {@code timeout}; {@code started} receives the
     * process as soon as it runs, so the caller can kill its tree earlier ({@link ProcessTrees}).
     */
    public ScriptResult run(String script, List<String> args, Duration timeout,
            java.util.function.Consumer<ProcessHandle> started) {
        return runBounded(script, args, timeout, started);
    }

    /** Runs {@code script force args...} bounded by forceStopTimeout. */
    public ScriptResult runForce(String script, List<String> args) {
        return runBounded(script, withForce(args), limits.forceStopTimeout(), handle -> { });
    }

    /**
     * Runs a stop script with SafeKit's escalation: the graceful call bounded by nicestoptimeout;
     * if it timed out (or {@code alwaysForce}, as on the way to STOP) the {@code force} call
     * bounded by forceStopTimeout.
     */
    public StopOutcome stop(String script, List<String> args, boolean alwaysForce) {
        ScriptResult graceful = runBounded(script, args, limits.niceStopTimeout(), handle -> { });
        if (graceful.outcome() == ScriptResult.Outcome.SKIPPED_MISSING
                || graceful.outcome() == ScriptResult.Outcome.NOT_STARTED
                || !(alwaysForce || graceful.timedOut())) {
            return new StopOutcome(graceful, Optional.empty());
        }
        if (graceful.timedOut()) {
            log.warn("stop: script '{}' still running after nicestoptimeout {}; calling it with force",
                    script, limits.niceStopTimeout());
        }
        return new StopOutcome(graceful, Optional.of(runForce(script, args)));
    }

    private static List<String> withForce(List<String> args) {
        List<String> forced = new ArrayList<>(args.size() + 1);
        forced.add(FORCE);
        forced.addAll(args);
        return forced;
    }

    private ScriptResult runBounded(String script, List<String> args, Duration timeout,
            java.util.function.Consumer<ProcessHandle> started) {
        Optional<ResolvedScript> resolved;
        try {
            resolved = resolver.resolve(environment.userBin(), script);
        } catch (UserError e) {
            log.error("run: script '{}' cannot run: {}", script, e.getMessage());
            return ScriptResult.notStarted(script, args, e.getMessage());
        }
        if (resolved.isEmpty()) {
            log.debug("run: script '{}' absent from {}, skipped", script, environment.userBin());
            return ScriptResult.skipped(script, args);
        }
        return launch(script, args, resolved.get(), timeout, started);
    }

    private ScriptResult launch(String script, List<String> args, ResolvedScript resolved, Duration timeout,
            java.util.function.Consumer<ProcessHandle> started) {
        List<String> command = new ArrayList<>();
        if (platform == Platform.LINUX) {
            command.add("setsid"); // own process group, so a timeout kill reaches orphans too
        }
        command.addAll(resolved.commandLine(args));
        ScriptOutput scriptOutput;
        try {
            scriptOutput = ScriptOutput.create(environment.userVar(), script, output);
        } catch (IOException e) {
            String problem = "cannot create the output file of script " + script + " in " + environment.userVar()
                    + ": " + e.getMessage();
            log.error("run: {}", problem);
            return ScriptResult.notStarted(script, args, problem);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(environment.userBin().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptOutput.file().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Map<String, String> env = builder.environment();
        env.putAll(environment.variables(Map.copyOf(env), platform));

        long startNanos = nanoClock.getAsLong();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String problem = "script " + resolved.file() + " could not be started: " + e.getMessage();
            log.error("run: {}", problem);
            return ScriptResult.notStarted(script, args, problem);
        }
        log.info("run: script '{}' {} started (pid {})", script, args, process.pid());
        started.accept(process.toHandle());
        scriptOutput.follow(process.pid());

        boolean exited = waitFor(process, timeout);
        if (!exited) {
            log.warn("run: script '{}' {} ran past {}; killing its process tree", script, args, timeout);
            ProcessTrees.kill(process.toHandle(), platform, KILL_WAIT);
        }
        scriptOutput.finish(limits.outputDrainTimeout());
        Duration duration = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        if (!exited) {
            return new ScriptResult(script, args, ScriptResult.Outcome.KILLED_AFTER_TIMEOUT, exitCode,
                    duration, scriptOutput.tail(), "ran past its timeout of " + timeout + "; process tree killed");
        }
        log.info("run: script '{}' {} exited {} after {} ms", script, args, exitCode, duration.toMillis());
        return new ScriptResult(script, args, ScriptResult.Outcome.EXITED, exitCode, duration, scriptOutput.tail(), "");
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private java.io.File nullDevice() {
        return new java.io.File(platform == Platform.WINDOWS ? "NUL" : "/dev/null");
    }
}

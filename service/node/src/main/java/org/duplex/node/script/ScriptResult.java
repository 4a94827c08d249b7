package org.duplex.node.script;

import java.time.Duration;
import java.util.List;

/**
 * What happened when one script call ran. Script failures are values, never exceptions: the owner
 * turns them into engine events.
 *
 * @param script the SafeKit script name ({@code start_prim}, ...)
 * @param args the arguments it was given ({@code force} first for a forced stop)
 * @param outcome how the call ended
 * @param exitCode the process exit code; -1 when it never ran
 * @param duration wall time from launch to exit (zero when it never ran)
 * @param outputTail the last lines it wrote (stdout and stderr merged), for the error log
 * @param problem why it did not run or was killed; empty otherwise
 */
public record ScriptResult(
        String script,
        List<String> args,
        Outcome outcome,
        int exitCode,
        Duration duration,
        List<String> outputTail,
        String problem) {

    /** How a script call ended. */
    public enum Outcome {
        /** The module has no such script: SafeKit skips it, which counts as success. */
        SKIPPED_MISSING,
        /** The script ran to its end; see the exit code. */
        EXITED,
        /** It ran past its timeout and its process tree was killed. */
        KILLED_AFTER_TIMEOUT,
        /** It exists but could not be started (not executable, exec failure). */
        NOT_STARTED
    }

    public ScriptResult {
        args = List.copyOf(args);
        outputTail = List.copyOf(outputTail);
    }

    static ScriptResult skipped(String script, List<String> args) {
        return new ScriptResult(script, args, Outcome.SKIPPED_MISSING, 0, Duration.ZERO, List.of(), "");
    }

    static ScriptResult notStarted(String script, List<String> args, String problem) {
        return new ScriptResult(script, args, Outcome.NOT_STARTED, -1, Duration.ZERO, List.of(), problem);
    }

    /** True when the script ran past its timeout. */
    public boolean timedOut() {
        return outcome == Outcome.KILLED_AFTER_TIMEOUT;
    }

    /** True when the runner killed the script's process tree. */
    public boolean killed() {
        return outcome == Outcome.KILLED_AFTER_TIMEOUT;
    }

    /** True for exit code 0 or a missing (skipped) script. */
    public boolean succeeded() {
        return outcome == Outcome.SKIPPED_MISSING || (outcome == Outcome.EXITED && exitCode == 0);
    }
}

package org.duplex.tests.harness;

import java.util.List;

/** What a command run by the harness did: its exit code and everything it printed. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result if the command exited 0, else an error naming the command and its output. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new HarnessException(describe());
        }
        return this;
    }

    public String describe() {
        return "command " + String.join(" ", command) + " exited " + exitCode
                + (stdout.isBlank() ? "" : "\n--- stdout:\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr:\n" + stderr.strip());
    }
}

package org.duplex.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.duplex.common.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * SafeKit verbs that module scripts call but that only the node daemon can carry out
 * ({@code stop -i}, {@code set -r}, {@code state}, ...). The daemon is not built yet, so each one
 * fails with a clear "not available yet" error and exit code {@link ExitCodes#UNAVAILABLE}
 * instead of pretending to work. Replace each class when the daemon's control API exists.
 */
final class NeedsDaemonCommands {
    private NeedsDaemonCommands() {}

    /** Shared behaviour: accept any SafeKit arguments, then refuse. */
    abstract static class NotAvailableYet implements Callable<Integer> {
        @Unmatched List<String> ignored;
        @Parameters(hidden = true) List<String> arguments;

        abstract String verb();

        @Override
        public Integer call() {
            throw new UserError(UserError.Kind.UNAVAILABLE, "'" + verb() + "' is not available yet: it needs the"
                    + " duplex node daemon, which this build does not include");
        }
    }

    @Command(name = "stop", description = "Stop a module (not available yet: needs the node daemon).")
    static final class Stop extends NotAvailableYet {
        @Override String verb() { return "stop"; }
    }

    @Command(name = "set", description = "Set a resource (not available yet: needs the node daemon).")
    static final class Set extends NotAvailableYet {
        @Override String verb() { return "set"; }
    }

    @Command(name = "get", description = "Read a resource (not available yet: needs the node daemon).")
    static final class Get extends NotAvailableYet {
        @Override String verb() { return "get"; }
    }

    @Command(name = "state", description = "Module state (not available yet: needs the node daemon).")
    static final class State extends NotAvailableYet {
        @Override String verb() { return "state"; }
    }

    @Command(name = "stopstart", description = "Stop and restart a module (not available yet: needs the node daemon).")
    static final class StopStart extends NotAvailableYet {
        @Override String verb() { return "stopstart"; }
    }

    @Command(name = "restart", description = "Restart the application (not available yet: needs the node daemon).")
    static final class Restart extends NotAvailableYet {
        @Override String verb() { return "restart"; }
    }
}

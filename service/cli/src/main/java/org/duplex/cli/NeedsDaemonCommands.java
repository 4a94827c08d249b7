package org.duplex.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.duplex.common.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * SafeKit verbs that module scripts call but that only the node daemon can carry out
 * ({@code set -r}, {@code get -r}). The daemon is not built yet, so each one
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


    @Command(name = "set", description = "Set a resource (not available yet: needs the node daemon).")
    static final class Set extends NotAvailableYet {
        @Override String verb() { return "set"; }
    }

    @Command(name = "get", description = "Read a resource (not available yet: needs the node daemon).")
    static final class Get extends NotAvailableYet {
        @Override String verb() { return "get"; }
    }



}

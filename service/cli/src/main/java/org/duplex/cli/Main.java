package org.duplex.cli;

import java.io.PrintWriter;
import org.duplex.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code duplex} command. Errors the user can act on are printed as one clear
 * line on stderr with a meaningful exit code (see {@link ExitCodes}); stack traces only with
 * {@code --verbose} or for bugs.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new DuplexCommand());
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handleException(Exception e, CommandLine cl, ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose");
        PrintWriter err = cl.getErr();
        if (e instanceof UserError ue) {
            err.println("duplex: " + ue.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(ue.kind());
        }
        err.println("duplex: internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }
}

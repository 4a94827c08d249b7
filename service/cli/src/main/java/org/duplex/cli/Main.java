package org.duplex.cli;

import java.io.PrintWriter;
import java.util.Map;
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
        return newCommandLine(System.getenv());
    }

    /** A command line whose commands see {@code environment} instead of the process's (tests). */
    static CommandLine newCommandLine(Map<String, String> environment) {
        CommandLine cl = new CommandLine(new DuplexCommand(), new EnvironmentFactory(environment));
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Creates commands as picocli does, handing the environment to those that read it. */
    private record EnvironmentFactory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof UsesEnvironment command) {
                command.environment(environment);
            }
            return instance;
        }
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

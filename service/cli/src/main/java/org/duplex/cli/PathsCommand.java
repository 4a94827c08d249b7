package org.duplex.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.duplex.config.paths.DuplexPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code duplex paths}: SafeKit's {@code -p}, the two roots everything else derives from. */
@Command(name = "paths", mixinStandardHelpOptions = true,
        description = "Print SAFE and SAFEVAR (set DUPLEX_SAFE / DUPLEX_SAFEVAR to change them).")
public final class PathsCommand implements UsesEnvironment, Callable<Integer> {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    @Override
    public Integer call() {
        DuplexPaths p = context.paths();
        spec.commandLine().getOut().println("SAFE=" + p.safe());
        spec.commandLine().getOut().println("SAFEVAR=" + p.safeVar());
        return ExitCodes.OK;
    }
}

package org.duplex.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.duplex.node.log.LogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code duplex log -m M [-n N] [--app] [-E]}: the last entries of a module's logs. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Show the last entries of the module log (or, with --app, of the application log).")
public final class LogCommand implements UsesEnvironment, Callable<Integer> {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());

    @Option(names = "-m", paramLabel = "NAME", description = "Module (default: $SAFEMODULE).")
    String module;

    @Option(names = {"-n", "-s"}, paramLabel = "N", defaultValue = "100", description = "Number of entries (default 100).")
    int count;

    @Option(names = "--app", description = "The application log: the scripts' output.")
    boolean application;

    @Option(names = "-E", description = "Only E (error) entries of the module log.")
    boolean errorsOnly;

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    @Override
    public Integer call() {
        if (count < 1) {
            throw new org.duplex.common.UserError(org.duplex.common.UserError.Kind.INVALID_INPUT,
                    "-n " + count + ": expected a positive number of entries");
        }
        String name = context.module(module);
        LogReader.tail(context.paths(), name, count, application, errorsOnly && !application)
                .forEach(spec.commandLine().getOut()::println);
        return ExitCodes.OK;
    }
}

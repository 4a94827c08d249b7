package org.duplex.cli;

import java.nio.file.Path;
import java.util.Map;
import org.duplex.config.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code duplex confcheck -m M}: SafeKit's name for {@code config check}. */
@Command(name = "confcheck", mixinStandardHelpOptions = true,
        description = "Validate a module configuration (same as 'config check'); exit code 3 when invalid.")
public final class ConfcheckCommand implements UsesEnvironment, java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());

    @Option(names = "-m", paramLabel = "NAME", description = "Installed module (default: $SAFEMODULE).")
    String module;

    @Option(names = "--platform", paramLabel = "OS", description = "LINUX or WINDOWS (default: this machine's).")
    Platform platform;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A userconfig.xml to check instead.")
    Path file;

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    @Override
    public Integer call() {
        return ConfigCheck.run(context, module, file, platform, spec.commandLine().getOut());
    }
}

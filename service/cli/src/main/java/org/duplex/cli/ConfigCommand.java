package org.duplex.cli;

import java.nio.file.Path;
import java.util.Map;
import org.duplex.config.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code duplex config check}: validate a module configuration without applying it. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Module configuration.")
public final class ConfigCommand implements UsesEnvironment {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    @Command(name = "check", description = {
        "Validate an installed module's conf/userconfig.xml (-m) or a given file; print warnings.",
        "Exit code 3 when the configuration is invalid."})
    int check(
            @Option(names = "-m", paramLabel = "NAME", description = "Installed module (default: $SAFEMODULE).") String module,
            @Option(names = "--platform", paramLabel = "OS", description = "LINUX or WINDOWS (default: this machine's).")
                    Platform platform,
            @Parameters(arity = "0..1", paramLabel = "FILE", description = "A userconfig.xml to check instead.") Path file) {
        return ConfigCheck.run(context, module, file, platform, spec.commandLine().getOut());
    }
}

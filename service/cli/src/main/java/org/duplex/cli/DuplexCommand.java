package org.duplex.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code duplex} command; every verb is a subcommand registered here. */
@Command(
        name = "duplex",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Duplex: a two-node mirror cluster. Keeps directories identical on two servers by",
            "synchronous replication, moves a virtual IP and the application on failure, and",
            "runs SafeKit modules (.safe) unchanged."
        },
        subcommands = {
            picocli.CommandLine.HelpCommand.class,
            ModuleCommand.class,
            ConfigCommand.class,
            ConfcheckCommand.class,
            PathsCommand.class,
            PrintCommands.Printi.class,
            PrintCommands.Printe.class,
            LogCommand.class,
        })
public final class DuplexCommand {

    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and debug output.")
    boolean verbose;
}

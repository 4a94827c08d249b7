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
            org.duplex.cli.control.DaemonCommand.class,
            org.duplex.cli.control.ClusterCommand.class,
            org.duplex.cli.control.StateCommand.class,
            org.duplex.cli.control.ControlVerbs.Start.class,
            org.duplex.cli.control.ControlVerbs.Stop.class,
            org.duplex.cli.control.ControlVerbs.Restart.class,
            org.duplex.cli.control.ControlVerbs.StopStart.class,
            org.duplex.cli.control.ControlVerbs.ForceStop.class,
            org.duplex.cli.control.ControlVerbs.Prim.class,
            org.duplex.cli.control.ControlVerbs.Second.class,
            org.duplex.cli.control.ControlVerbs.Swap.class,
            org.duplex.cli.control.ControlVerbs.PrimForce.class,
            org.duplex.cli.control.ControlVerbs.SecondForce.class,
            org.duplex.cli.control.ControlVerbs.Failover.class,
            KillCommand.class,
            NeedsDaemonCommands.Set.class,
            NeedsDaemonCommands.Get.class,
            ModuleCommand.class,
            ConsoleCommand.class,
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

package org.duplex.cli.control;

import java.util.List;
import java.util.concurrent.Callable;
import org.duplex.node.control.CommandResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * SafeKit's module commands, sent to the local daemon. Each prints the daemon's one-line answer
 * and the module's state after it; a refusal (e.g. {@code prim} while the peer is primary) is an
 * error with the daemon's reason and exit code 6, and changes nothing.
 */
public final class ControlVerbs {
    private ControlVerbs() {}

    /** Base of every verb: {@code -m MODULE} plus optional SafeKit arguments (e.g. {@code fullsync}). */
    abstract static class Verb implements Callable<Integer> {
        @Mixin ModuleOption module;

        @Parameters(arity = "0..*", paramLabel = "ARG", description = "Arguments of the verb (e.g. fullsync, nosync).")
        List<String> args = List.of();

        @picocli.CommandLine.Option(names = "-i", paramLabel = "IDENTITY",
                description = "Who asks (a script or checker name); such calls count toward maxloop, as in SafeKit.")
        String identity;

        abstract String verb();

        @Override
        public Integer call() {
            List<String> sent = identity == null ? args
                    : java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("-i", identity)).toList();
            CommandResult r = DaemonConnection.local().command(module.required(), verb(), sent);
            System.out.println(r.message());
            System.out.println(StateCommand.line(r.status()));
            return 0;
        }
    }

    @Command(name = "start", description = "Start the module (primary if its data are up to date, else secondary or WAIT).")
    public static final class Start extends Verb { String verb() { return "start"; } }

    @Command(name = "stop", description = "Stop the module (stop scripts run; a primary's peer takes over).")
    public static final class Stop extends Verb { String verb() { return "stop"; } }

    @Command(name = "restart", description = "Restart the application locally (stop_prim; start_prim), no failover.")
    public static final class Restart extends Verb { String verb() { return "restart"; } }

    @Command(name = "stopstart", description = "Stop then start the module; a primary fails over to its peer.")
    public static final class StopStart extends Verb { String verb() { return "stopstart"; } }

    @Command(name = "forcestop", description = "Force the stop when stop has no effect.")
    public static final class ForceStop extends Verb { String verb() { return "forcestop"; } }

    @Command(name = "prim", description = "Force start as primary (the data here are the good ones). 'prim fullsync' forces a full copy to the peer.")
    public static final class Prim extends Verb { String verb() { return "prim"; } }

    @Command(name = "second", description = "Force start as secondary of the running primary. 'second fullsync' forces a full copy from it.")
    public static final class Second extends Verb { String verb() { return "second"; } }

    @Command(name = "swap", description = "Swap the primary and secondary roles ('swap nosync' skips synchronisation).")
    public static final class Swap extends Verb { String verb() { return "swap"; } }

    @Command(name = "primforce", description = "Force start as primary even after an interrupted reintegration (full resync of the peer follows).")
    public static final class PrimForce extends Verb { String verb() { return "primforce"; } }

    @Command(name = "secondforce", description = "Start as secondary (SafeKit: copy only files modified after -d DATE).")
    public static final class SecondForce extends Verb { String verb() { return "secondforce"; } }

    @Command(name = "failover", description = "Turn automatic failover on or off ('failover on|off'); run it on both nodes.")
    public static final class Failover extends Verb { String verb() { return "failover"; } }

    /** Every verb class, for registration on the root command. */
    public static List<Class<?>> all() {
        return List.of(Start.class, Stop.class, Restart.class, StopStart.class, ForceStop.class, Prim.class,
                Second.class, Swap.class, PrimForce.class, SecondForce.class, Failover.class);
    }
}

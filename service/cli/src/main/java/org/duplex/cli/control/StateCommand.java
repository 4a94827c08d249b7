package org.duplex.cli.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.duplex.node.control.ControlClient;
import org.duplex.node.control.ModuleStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code duplex state [-m M] [-v] [-lq]}: the module's state as SafeKit prints it. With {@code -lq}
 * the exit code is the state (STOP=0, WAIT=1, ALONE=2, PRIM=3, SECOND=4), as scripts expect.
 */
@Command(name = "state", description = "Show the state of the module (or of every module).")
public final class StateCommand implements Callable<Integer> {
    @Mixin ModuleOption module;

    @Option(names = "-v", description = "Also list every resource and its value.")
    boolean verbose;

    @Option(names = "-lq", description = "Print nothing; return the state as exit code (STOP=0 WAIT=1 ALONE=2 PRIM=3 SECOND=4).")
    boolean exitCodeOnly;

    @Override
    public Integer call() {
        ControlClient client = DaemonConnection.local();
        String name = exitCodeOnly ? module.required() : module.optional();
        List<ModuleStatus> statuses = name == null ? client.modules() : List.of(client.module(name));
        if (exitCodeOnly) {
            return stateCode(statuses.get(0).state());
        }
        for (ModuleStatus s : statuses) {
            System.out.println(line(s));
            if (verbose) {
                s.resources().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> System.out.printf("  %-32s %s%n", e.getKey(), e.getValue()));
            }
        }
        return 0;
    }

    /** One line per module, SafeKit-like: {@code pg: PRIM (Ready) green}. */
    static String line(ModuleStatus s) {
        String detail = s.detail() == null || s.detail().isBlank() ? "" : " - " + s.detail();
        return s.module() + ": " + s.state() + " (" + s.qualifier() + ") " + s.color() + detail;
    }

    static int stateCode(String state) {
        return switch (state) {
            case "STOP" -> 0;
            case "WAIT" -> 1;
            case "ALONE", "UP" -> 2;
            case "PRIM" -> 3;
            case "SECOND" -> 4;
            default -> throw new org.duplex.common.UserError(org.duplex.common.UserError.Kind.FAILED,
                    "the daemon reported an unknown state '" + state + "'");
        };
    }
}

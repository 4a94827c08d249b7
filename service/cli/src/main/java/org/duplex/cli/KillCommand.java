package org.duplex.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.duplex.node.errd.KillLevel;
import org.duplex.node.errd.LinuxProcessTable;
import org.duplex.node.errd.ProcessKiller;
import org.duplex.node.errd.ProcessMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code safekit kill -name=NAME [-argregex=ERE] -level=test|terminate|9|15}, as module scripts call
 * it (safekit-behaviour.md §2.10). Matching is errd's: the kernel process name (15 characters),
 * optionally an ERE searched in the whole command line.
 *
 * <p>Exit code: 0 when done; for {@code -level=test}, 0 when at least one process matches and 1
 * otherwise; 1 when processes survive {@code terminate}.
 */
@Command(name = "kill", description = {
        "Signal the processes whose name is NAME (and whose command line matches ARGREGEX).",
        "Levels: test (only list), 15 (SIGTERM), 9 (SIGKILL), terminate (SIGTERM, then SIGKILL after the grace)."})
public final class KillCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "-name", required = true, paramLabel = "NAME", description = "Process name (Linux: 15 characters at most).")
    String name;

    @Option(names = "-argregex", paramLabel = "ERE", description = "Regular expression searched in the full command line.")
    String argRegex;

    @Option(names = "-nameregex", paramLabel = "ERE", description = "Regular expression searched in the process name instead of NAME.")
    String nameRegex;

    @Option(names = "-level", required = true, paramLabel = "LEVEL", description = "test, terminate, 9 or 15.")
    String level;

    @Option(names = "-grace", paramLabel = "SECONDS", defaultValue = "5",
            description = "With terminate: seconds between SIGTERM and SIGKILL (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Override
    public Integer call() {
        KillLevel killLevel = KillLevel.parse(level);
        ProcessMatcher matcher = ProcessMatcher.of(name, Optional.ofNullable(nameRegex), Optional.ofNullable(argRegex));
        ProcessKiller.Report report = new ProcessKiller(new LinuxProcessTable())
                .kill(matcher, killLevel, Duration.ofSeconds(graceSeconds));
        var out = spec.commandLine().getOut();
        if (killLevel == KillLevel.TEST) {
            report.matched().forEach(pid -> out.println(pid));
            out.flush();
            return report.matched().isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
        }
        out.println("kill: " + report.matched().size() + " process(es) matching " + matcher + " signalled (level "
                + level + ")");
        out.flush();
        if (!report.survivors().isEmpty()) {
            spec.commandLine().getErr().println("duplex: processes still alive after kill: " + report.survivors());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}

package org.duplex.windows.proc;

import java.util.List;
import java.util.Locale;

import org.duplex.common.UserError;

/**
 * {@code safekit kill -name=NAME [-argregex=RE] -level=test|terminate|9|15} as module scripts call
 * it: {@code test} only reports whether a matching process exists, the other levels end every match.
 * Exit codes follow the scripts' use ({@code if errorlevel 1}): 0 = found (and killed), 1 = none found.
 */
public final class SafekitKill {

    public enum Level { TEST, TERMINATE, SIGTERM, SIGKILL }

    /** What the command did; {@link #exitCode} is what the {@code safekit} process returns. */
    public record Result(List<ProcessInfo> matched, List<Long> killed) {
        public int exitCode() {
            return matched.isEmpty() ? 1 : 0;
        }
    }

    private final ProcessTable table;

    public SafekitKill(ProcessTable table) {
        this.table = table;
    }

    public static Level parseLevel(String level) {
        return switch (level == null ? "" : level.toLowerCase(Locale.ROOT)) {
            case "test" -> Level.TEST;
            case "terminate" -> Level.TERMINATE;
            case "15" -> Level.SIGTERM;
            case "9" -> Level.SIGKILL;
            default -> throw new UserError(UserError.Kind.INVALID_INPUT,
                    "safekit kill: -level='" + level + "' must be test, terminate, 9 or 15");
        };
    }

    public Result run(String name, String argRegex, Level level) {
        ProcessMatcher matcher = ProcessMatcher.of(name, argRegex, "safekit kill");
        long self = ProcessHandle.current().pid();
        List<ProcessInfo> matched = table.list().stream()
                .filter(p -> p.pid() != self && matcher.matches(p))
                .toList();
        if (level == Level.TEST) {
            return new Result(matched, List.of());
        }
        boolean force = level == Level.SIGKILL;
        List<Long> killed = matched.stream()
                .filter(p -> table.kill(p.pid(), force))
                .map(ProcessInfo::pid)
                .toList();
        return new Result(matched, killed);
    }
}

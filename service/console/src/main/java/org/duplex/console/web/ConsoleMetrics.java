package org.duplex.console.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duplex.node.control.ModuleStatus;

/**
 * The console's Prometheus text exposition ({@code GET /metrics}, format 0.0.4): each module's
 * SafeKit state as a one-hot gauge, readiness, state changes the console observed (it compares
 * each read with the previous one, so a change that came and went between two reads is not
 * counted), and the console's own counters (logins, commands).
 */
final class ConsoleMetrics {
    static final List<String> STATES = List.of("STOP", "WAIT", "ALONE", "PRIM", "SECOND");

    private final Map<String, String> lastState = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stateChanges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> logins = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> commands = new ConcurrentHashMap<>();

    void login(String result) {
        logins.computeIfAbsent(result, r -> new AtomicLong()).incrementAndGet();
    }

    void command(String verb) {
        commands.computeIfAbsent(verb, v -> new AtomicLong()).incrementAndGet();
    }

    /** Records what a read of the modules showed; counts a change of state since the last read. */
    void observe(List<ModuleStatus> modules) {
        for (ModuleStatus m : modules) {
            String previous = lastState.put(m.module(), m.state());
            if (previous != null && !previous.equals(m.state())) {
                stateChanges.computeIfAbsent(m.module(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    String render(List<ModuleStatus> modules, java.util.function.Predicate<String> ready) {
        observe(modules);
        StringBuilder out = new StringBuilder();
        header(out, "duplex_module_state", "gauge", "1 for the module's current SafeKit state, 0 for the others");
        for (ModuleStatus m : modules) {
            for (String state : STATES) {
                out.append("duplex_module_state{module=\"").append(escape(m.module())).append("\",state=\"")
                        .append(state).append("\"} ").append(state.equals(m.state()) ? 1 : 0).append('\n');
            }
        }
        header(out, "duplex_module_ready", "gauge", "1 when the module is PRIM or ALONE and Ready (ready.txt says OK)");
        for (ModuleStatus m : modules) {
            out.append("duplex_module_ready{module=\"").append(escape(m.module())).append("\"} ")
                    .append(ready.test(m.module()) ? 1 : 0).append('\n');
        }
        header(out, "duplex_module_state_changes_total", "counter", "state changes seen by the console between two reads");
        for (ModuleStatus m : modules) {
            AtomicLong n = stateChanges.get(m.module());
            out.append("duplex_module_state_changes_total{module=\"").append(escape(m.module())).append("\"} ")
                    .append(n == null ? 0 : n.get()).append('\n');
        }
        counter(out, "duplex_console_logins_total", "console logins by result", "result", logins);
        counter(out, "duplex_console_commands_total", "module commands run from the console or API", "verb", commands);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, String label, Map<String, AtomicLong> values) {
        header(out, name, "counter", help);
        new TreeMap<>(values).forEach((k, v) -> out.append(name).append('{').append(label).append("=\"")
                .append(escape(k)).append("\"} ").append(v.get()).append('\n'));
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

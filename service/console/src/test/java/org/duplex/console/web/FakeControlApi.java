package org.duplex.console.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.duplex.common.UserError;
import org.duplex.node.control.CommandResult;
import org.duplex.node.control.ControlApi;
import org.duplex.node.control.ModuleStatus;
import org.duplex.node.control.NodeInfo;

/**
 * A node with one module "pg", PRIM Ready (green) with its peer SECOND: {@code stop} makes it
 * STOP NotReady (red), {@code start} makes it PRIM Ready again, {@code prim} is refused; other
 * verbs are accepted without a change. Records every command it ran.
 */
public final class FakeControlApi implements ControlApi {
    public final List<String> commands = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ModuleStatus> modules = new ConcurrentHashMap<>();

    public FakeControlApi() {
        modules.put("pg", prim());
    }

    private static ModuleStatus prim() {
        return new ModuleStatus("pg", "PRIM", "Ready", "green", "",
                Map.of("state.remote", "SECOND", "rfs.uptodate", "up", "heartbeat.default", "up"));
    }

    @Override public NodeInfo node() {
        return new NodeInfo("node1", "test", Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override public List<ModuleStatus> modules() {
        return modules.values().stream().sorted(java.util.Comparator.comparing(ModuleStatus::module)).toList();
    }

    @Override public ModuleStatus module(String name) {
        ModuleStatus s = modules.get(name);
        if (s == null) {
            throw new UserError(UserError.Kind.NOT_FOUND, "module '" + name + "' is not installed");
        }
        return s;
    }

    @Override public CommandResult command(String module, String verb, List<String> args) {
        module(module);
        if (verb.equals("prim")) {
            throw new UserError(UserError.Kind.REFUSED, "module 'pg' is already primary");
        }
        commands.add(verb);
        switch (verb) {
            case "stop" -> modules.put(module, new ModuleStatus(module, "STOP", "NotReady", "red", "",
                    Map.of("state.remote", "ALONE", "rfs.uptodate", "up")));
            case "start" -> modules.put(module, prim());
            default -> { }
        }
        return new CommandResult(verb + " accepted", module(module));
    }

    @Override public boolean ready(String module) {
        ModuleStatus s = modules.get(module);
        return s != null && s.qualifier().equals("Ready") && (s.state().equals("PRIM") || s.state().equals("ALONE"));
    }
}

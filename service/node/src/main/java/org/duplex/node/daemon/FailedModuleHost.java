package org.duplex.node.daemon;

import java.util.List;
import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.node.control.CommandResult;
import org.duplex.node.control.ModuleStatus;

/**
 * A module that could not be set up (invalid config, node missing from cluster.xml, ...). It shows
 * as STOP with the reason, refuses commands with that reason, and never hides the other modules.
 */
final class FailedModuleHost implements ModuleHost {
    private final String name;
    private final String reason;

    FailedModuleHost(String name, String reason) {
        this.name = name;
        this.reason = reason;
    }

    @Override public String name() { return name; }

    @Override public ModuleStatus status() {
        return new ModuleStatus(name, "STOP", "NotReady", "red", "not started: " + reason, Map.of());
    }

    @Override public CommandResult command(String verb, List<String> args) {
        throw new UserError(UserError.Kind.REFUSED, "module '" + name + "' could not be set up: " + reason);
    }

    @Override public boolean ready() { return false; }

    @Override public void close() { }
}

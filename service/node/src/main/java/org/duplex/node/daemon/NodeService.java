package org.duplex.node.daemon;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link ControlApi}: routes every query and command to the module's {@link ModuleHost}.
 * A host that throws something other than a {@link UserError} has a bug; the failure is logged
 * with the module's name and reported to the caller, and the other modules carry on.
 */
public final class NodeService implements ControlApi, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeService.class);

    private final String nodeName;
    private final String version;
    private final Instant startedAt;
    private final Map<String, ModuleHost> hosts = new ConcurrentHashMap<>();

    public NodeService(String nodeName, String version, Instant startedAt) {
        this.nodeName = nodeName;
        this.version = version;
        this.startedAt = startedAt;
    }

    public void add(ModuleHost host) {
        ModuleHost previous = hosts.putIfAbsent(host.name(), host);
        if (previous != null) {
            throw new IllegalStateException("module " + host.name() + " is already hosted");
        }
    }

    @Override
    public NodeInfo node() {
        return new NodeInfo(nodeName, version, startedAt);
    }

    @Override
    public List<ModuleStatus> modules() {
        List<ModuleStatus> out = new ArrayList<>();
        hosts.keySet().stream().sorted().forEach(name -> out.add(guarded(name, "state", hosts.get(name)::status)));
        return out;
    }

    @Override
    public ModuleStatus module(String name) {
        ModuleHost host = host(name);
        return guarded(name, "state", host::status);
    }

    @Override
    public CommandResult command(String module, String verb, List<String> args) {
        ModuleHost host = host(module);
        log.info("command: module '{}' {} {}", module, verb, args);
        return guarded(module, verb, () -> host.command(verb, args));
    }

    @Override
    public boolean ready(String module) {
        ModuleHost host = hosts.get(module);
        return host != null && guarded(module, "ready", host::ready);
    }

    /** Stops every module (at daemon shutdown); one failing stop does not prevent the others. */
    @Override
    public void close() {
        for (ModuleHost host : hosts.values()) {
            try {
                host.close();
            } catch (RuntimeException e) {
                log.error("shutdown: module '{}' failed to stop cleanly", host.name(), e);
            }
        }
    }

    private ModuleHost host(String name) {
        ModuleHost host = hosts.get(name);
        if (host == null) {
            throw new UserError(UserError.Kind.NOT_FOUND, "module '" + name + "' is not installed on node "
                    + nodeName + " (installed: " + String.join(", ", hosts.keySet().stream().sorted().toList()) + ")");
        }
        return host;
    }

    private static <T> T guarded(String module, String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("module '{}': {} failed with an unexpected error", module, what, e);
            throw new UserError(UserError.Kind.FAILED, "module '" + module + "': " + what + " failed: " + e, e);
        }
    }
}

package org.duplex.node.control;

import java.util.List;
import org.duplex.common.UserError;

/**
 * The node's service layer: the one way into a running node. The CLI (through
 * {@link ControlServer}), the web console and a peer's remote commands all call it, so there is no
 * second path to the engine.
 *
 * <p>Methods report user-facing failures as {@link UserError} (unknown module: NOT_FOUND; a
 * command the current state refuses: REFUSED, with the reason).
 */
public interface ControlApi {

    /** Who this node is and what runs on it. */
    NodeInfo node();

    /** Every installed module with its current state. */
    List<ModuleStatus> modules();

    /** One module's state; NOT_FOUND when it is not installed. */
    ModuleStatus module(String name);

    /**
     * Runs a command verb ({@code start}, {@code stop}, {@code prim}, ...) on a module. Returns once
     * the module has accepted it (like SafeKit, {@code start} does not wait for the final state).
     */
    CommandResult command(String module, String verb, List<String> args);

    /** The load-balancer health check: true when the module is PRIM or ALONE and Ready. */
    boolean ready(String module);
}

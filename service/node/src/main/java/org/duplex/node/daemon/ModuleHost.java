package org.duplex.node.daemon;

import java.util.List;
import org.duplex.node.control.CommandResult;
import org.duplex.node.control.ModuleStatus;

/**
 * One installed module as the daemon runs it. Each host owns its engine, its drivers and its
 * threads; the daemon only routes commands and queries to it, so one module's failure never takes
 * the others (or the daemon) down.
 */
public interface ModuleHost extends AutoCloseable {

    String name();

    /** The module's current state; never blocks on scripts or I/O. */
    ModuleStatus status();

    /** Runs a command verb; REFUSED with the reason when the state does not allow it. */
    CommandResult command(String verb, List<String> args);

    /** SafeKit's health check: PRIM or ALONE, Ready. */
    boolean ready();

    /** Stops the module as at node shutdown (stop scripts, VIP removed, filter unmounted). */
    @Override
    void close();
}

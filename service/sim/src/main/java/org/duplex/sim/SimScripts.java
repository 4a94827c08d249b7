package org.duplex.sim;

import java.util.HashSet;
import java.util.Set;
import org.duplex.engine.Action;
import org.duplex.engine.Event;

/**
 * Module scripts with durations, failures and hangs. A hung script never reports; the engine's
 * timeout kills it. Killed scripts never report either.
 */
final class SimScripts {
    private final Simulator sim;
    private final Set<String> running = new HashSet<>();
    double failRate;
    double hangRate;

    SimScripts(Simulator sim) {
        this.sim = sim;
    }

    void run(SimNode node, Action.RunScript r) {
        String key = node.name + "#" + node.incarnation + "#" + r.runId();
        running.add(key);
        double roll = sim.random().nextDouble();
        int exit = roll < failRate ? 1 : 0;
        boolean hang = roll >= failRate && roll < failRate + hangRate;
        sim.trace(node.name + " runs " + r.name() + " " + String.join(" ", r.args())
                + (hang ? " (will hang)" : exit != 0 ? " (will fail)" : ""));
        if (hang) {
            return;
        }
        int inc = node.incarnation;
        sim.at(sim.now() + 5 + sim.random().nextLong(60), () -> {
            if (running.remove(key)) {
                node.deliver(new Event.ScriptFinished(r.runId(), exit), inc);
            }
        });
    }

    void kill(SimNode node, long runId) {
        running.remove(node.name + "#" + node.incarnation + "#" + runId);
        sim.trace(node.name + " kills script run " + runId);
    }
}

package org.duplex.sim;

import java.util.List;
import java.util.TreeSet;
import org.duplex.engine.Event;
import org.duplex.engine.generation.Generations;

/**
 * The replication link (TCP over the flow network) and the resync between the two nodes.
 * It connects when one node asked to be SOURCE and the other TARGET and the flow network works
 * both ways; a cut, a crash or either side stopping breaks it (both sides are told). Writes
 * travel with a delay and are acknowledged after the target applied them (synchronous mode).
 * A resync copies the source's whole data set at its end (full and incremental give the same
 * result in this model; live writes keep flowing meanwhile).
 */
final class SimReplication {
    private final Simulator sim;
    private boolean connected;
    private int epoch;
    private int sourceIndex = -1;
    private boolean resyncRunning;

    SimReplication(Simulator sim) {
        this.sim = sim;
    }

    boolean attachedSource(SimNode node) {
        return connected && sourceIndex == node.index && node.replicationSource;
    }

    /** Re-evaluates whether the link can connect or resync can begin. */
    void changed() {
        SimNode a = sim.node(0);
        SimNode b = sim.node(1);
        if (!connected) {
            for (SimNode src : List.of(a, b)) {
                SimNode dst = sim.other(src);
                if (src.up && dst.up && src.replicationSource && dst.replicationTarget
                        && sim.network().bothWays(sim.network().flow())) {
                    connected = true;
                    epoch++;
                    sourceIndex = src.index;
                    src.sourceSessionConnected = true;
                    sim.trace("replication link up " + src.name + " -> " + dst.name);
                    int e = epoch;
                    for (SimNode n : List.of(src, dst)) {
                        int inc = n.incarnation;
                        sim.at(sim.now() + delay(), () -> {
                            if (e == epoch) {
                                n.deliver(new Event.ReplicationUp(), inc);
                            }
                        });
                    }
                    break;
                }
            }
        }
        maybeStartResync();
    }

    private void maybeStartResync() {
        if (!connected || resyncRunning) {
            return;
        }
        SimNode src = sim.node(sourceIndex);
        SimNode dst = sim.other(src);
        if (!dst.resyncRequested || !dst.replicationTarget) {
            return;
        }
        resyncRunning = true;
        int e = epoch;
        long duration = 50 + sim.random().nextLong(800);
        sim.trace("resync " + src.name + " -> " + dst.name + " (" + dst.resyncMode + ", " + duration + " ms)");
        for (int pct : new int[] {25, 50, 75}) {
            int inc = dst.incarnation;
            sim.at(sim.now() + duration * pct / 100, () -> {
                if (e == epoch && resyncRunning) {
                    dst.deliver(new Event.ResyncProgress(pct), inc);
                }
            });
        }
        int inc = dst.incarnation;
        sim.at(sim.now() + duration, () -> {
            if (e != epoch || !resyncRunning || !dst.up || inc != dst.incarnation || !src.up) {
                return;
            }
            resyncRunning = false;
            dst.resyncRequested = false;
            dst.data.clear();
            dst.data.addAll(new TreeSet<>(src.data));
            Generations g = src.engine.generations();
            sim.trace("resync done " + src.name + " -> " + dst.name + " at generation " + g.shortId());
            dst.deliver(new Event.ResyncDone(g.current(), g.history(), g.createdByFailover()), inc);
        });
    }

    void resyncStoppedBy(SimNode node) {
        resyncRunning = false;
    }

    void stoppedBy(SimNode node) {
        if (connected && (node.index == sourceIndex || sim.other(node).index == sourceIndex)) {
            breakLink("stopped by " + node.name);
        }
    }

    /** The flow network was cut, a node crashed, or a random break. */
    void breakLink(String reason) {
        if (!connected) {
            return;
        }
        connected = false;
        resyncRunning = false;
        epoch++;
        sourceIndex = -1;
        sim.trace("replication link lost: " + reason);
        for (int i = 0; i < 2; i++) {
            SimNode n = sim.node(i);
            int inc = n.incarnation;
            sim.at(sim.now() + delay(), () -> n.deliver(new Event.ReplicationLost(reason), inc));
        }
    }

    boolean connected() {
        return connected;
    }

    void replicate(SimNode source, long id) {
        int e = epoch;
        SimNode target = sim.other(source);
        sim.at(sim.now() + delay(), () -> {
            if (e != epoch || !target.up) {
                return;
            }
            target.data.add(id);
            sim.at(sim.now() + delay(), () -> {
                if (e == epoch) {
                    source.onReplicationAck(id);
                }
            });
        });
    }

    private long delay() {
        return 1 + sim.random().nextLong(Math.max(1, sim.options().maxDelayMs() / 2));
    }
}

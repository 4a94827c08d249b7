package org.duplex.node.daemon;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplex.engine.Action;
import org.duplex.node.module.DataPath;

/**
 * A data path that only reports: replication connects at once; a resync target finishes as soon
 * as the source side serves it (as a real resync, which needs the source, would).
 * For daemon tests of the engine, heartbeats, scripts and control API; the real filter,
 * replication and reintegration have their own tests.
 */
final class FakeDataPath implements DataPath {
    /** What the two nodes' fakes share: the targets waiting for a source to serve them. */
    static final class Wire {
        private final List<Runnable> waitingTargets = new java.util.ArrayList<>();

        synchronized void targetWaits(Runnable finish) {
            waitingTargets.add(finish);
        }

        synchronized void sourceServes() {
            waitingTargets.forEach(r -> Thread.ofVirtual().start(r));
            waitingTargets.clear();
        }
    }

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Listener listener;
    private final Wire wire;

    FakeDataPath(Listener listener, Wire wire) {
        this.listener = listener;
        this.wire = wire;
    }

    @Override public void setFilter(Action.FilterMode mode) { calls.add("filter " + mode); }

    @Override public void startReplication(Action.Role role) {
        calls.add("replication " + role);
        Thread.ofVirtual().start(listener::replicationUp);
    }

    @Override public void stopReplication() { calls.add("replication stop"); }

    @Override public void startResync(Action.Role role, Action.ResyncMode mode) {
        calls.add("resync " + role + " " + mode);
        if (role == Action.Role.TARGET) {
            wire.targetWaits(() -> {
                listener.resyncProgress(100);
                listener.resyncDone();
            });
        } else {
            wire.sourceServes();
        }
    }

    @Override public void stopResync() { calls.add("resync stop"); }

    @Override public void reportSplitBrain(boolean target, String local, String peer) {
        calls.add("splitbrain " + target);
    }

    @Override public void close() { calls.add("close"); }
}

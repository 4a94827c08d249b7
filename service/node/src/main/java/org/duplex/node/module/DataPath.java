package org.duplex.node.module;

import java.io.IOException;
import org.duplex.engine.Action;

/**
 * A module's data path as the engine drives it: the file-system filter over the replicated
 * directories, the replication stream to the peer, and reintegration. The engine decides; this
 * carries out, and reports what happened through {@link Listener} (from any thread: the host
 * posts the reports to the module's loop as engine events).
 */
public interface DataPath extends AutoCloseable {

    /** Mounts, unmounts or switches the filter's mode; returns once the mode is in force. */
    void setFilter(Action.FilterMode mode) throws IOException;

    /** Attaches the replication stream as source (primary) or target (secondary); reports up/lost. */
    void startReplication(Action.Role role);

    void stopReplication();

    /** Starts a reintegration; the target reports progress then done or failed. */
    void startResync(Action.Role role, Action.ResyncMode mode);

    void stopResync();

    /**
     * Both sides wrote while apart. When {@code thisNodeIsTarget}, save this node's divergent files
     * before any resync overwrites them, and raise an alert.
     */
    void reportSplitBrain(boolean thisNodeIsTarget, String localGeneration, String peerGeneration);

    /** Releases everything (at module shutdown, after the engine stopped). */
    @Override
    void close();

    /** What the data path reports. */
    interface Listener {
        void replicationUp();

        void replicationLost(String reason);

        void resyncProgress(int percent);

        void resyncDone();

        void resyncFailed(String reason);
    }
}

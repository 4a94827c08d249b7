package org.duplex.node.heartbeat;

/**
 * Receives what the heartbeat service learns. Called from the service's threads, one call at a
 * time; implementations hand the data to the engine's event queue and return quickly. Exceptions
 * are logged and ignored.
 */
public interface HeartbeatListener {
    /** The peer announced a new state (different bytes, or a new epoch) on {@code network}. */
    void peerState(String network, long epoch, byte[] state);

    /** A network or the peer changed liveness. */
    void liveness(LivenessChange change);
}

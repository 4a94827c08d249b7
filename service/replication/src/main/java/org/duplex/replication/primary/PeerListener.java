package org.duplex.replication.primary;

/**
 * How the pipeline tells its owner (the node daemon, which feeds the engine) about the link. The
 * pipeline never decides what the cluster does about it: it only goes on alone and records what the
 * peer misses. Calls come from pipeline threads; an exception thrown here is logged and ignored.
 */
public interface PeerListener {
    /** The handshake succeeded: operations are replicated from now on. */
    void connected(String peer);

    /**
     * The peer is gone (ack timeout, socket error, protocol violation, refusal): the pipeline works
     * alone and every operation the peer may lack is recorded in the dirty recorder.
     */
    void peerLost(String reason);

    /** A listener that ignores everything. */
    PeerListener NONE = new PeerListener() {
        @Override
        public void connected(String peer) {}

        @Override
        public void peerLost(String reason) {}
    };
}

package org.duplex.node.heartbeat;

/** A transition reported by the {@link FailureDetector}. */
public sealed interface LivenessChange {
    Liveness previous();

    Liveness current();

    /** One heartbeat network changed; a network going DOWN while the peer stays UP is a warning. */
    record NetworkChanged(String network, Liveness previous, Liveness current) implements LivenessChange {}

    /** The peer changed: DOWN only when every network is DOWN. */
    record PeerChanged(Liveness previous, Liveness current) implements LivenessChange {}
}

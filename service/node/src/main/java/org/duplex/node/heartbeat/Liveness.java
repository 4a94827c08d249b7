package org.duplex.node.heartbeat;

/** What the failure detector believes about a network or about the peer. */
public enum Liveness {
    /** Nothing heard yet, and the timeout since start has not elapsed. */
    UNKNOWN,
    UP,
    DOWN
}

package org.duplex.node.heartbeat;

import java.util.List;

/**
 * A snapshot for the console, logs and {@code safekit state -v}.
 *
 * @param peer the peer's liveness
 * @param networks per heartbeat network
 */
public record HeartbeatStatus(Liveness peer, List<NetworkStatus> networks) {
    public HeartbeatStatus {
        networks = List.copyOf(networks);
    }

    /**
     * Per network counters.
     *
     * @param silenceMillis time since the last accepted heartbeat (or since start)
     */
    public record NetworkStatus(String name, Liveness liveness, long silenceMillis, long sent, long sendErrors,
            long accepted, long malformed, long forged, long replayed, long unexpected) {}

    /** True when the peer is up but at least one network is lost: a warning, not a failover. */
    public boolean degraded() {
        return peer == Liveness.UP && networks.stream().anyMatch(n -> n.liveness() == Liveness.DOWN);
    }

    /** The status of {@code name}. */
    public NetworkStatus network(String name) {
        return networks.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no heartbeat network " + name));
    }
}

package org.duplex.node.heartbeat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.duplex.common.Check;

/**
 * One {@code <heartbeat>}: where this node listens, where the peer listens, how often to send and
 * how long a silence means the network is lost (safekit-behaviour.md §2.2: 700 ms / 30 s).
 *
 * @param name the heartbeat's ident (resource {@code heartbeat.<name>})
 * @param local this node's address and port on that network (port 0 = any, for tests)
 * @param peer the peer's address and port on that network
 */
public record HeartbeatNetwork(String name, InetSocketAddress local, InetSocketAddress peer, Duration pulse,
        Duration timeout) {
    public HeartbeatNetwork {
        Check.argument(!name.isEmpty(), "heartbeat network name must not be empty");
        Check.argument(pulse.isPositive(), "pulse of heartbeat %s must be > 0: %s", name, pulse);
        Check.argument(timeout.compareTo(pulse.multipliedBy(2)) >= 0,
                "timeout of heartbeat %s (%s) must be at least twice its pulse (%s)", name, timeout, pulse);
    }
}

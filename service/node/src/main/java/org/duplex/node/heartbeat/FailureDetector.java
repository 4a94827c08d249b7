package org.duplex.node.heartbeat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplex.common.Check;

/**
 * Decides, from when each network last delivered an authentic heartbeat, which networks are up and
 * whether the peer is up. Pure: time is passed in as monotonic nanoseconds, there are no threads.
 *
 * <ul>
 *   <li>A network is UP from the first heartbeat heard, and DOWN once nothing has been heard for
 *       its timeout. Before anything was heard it is UNKNOWN until the timeout since start.
 *   <li>The peer is UP when any network is UP, DOWN only when every network is DOWN
 *       (safekit-behaviour.md §2.2), UNKNOWN otherwise.
 * </ul>
 *
 * <p>Not thread-safe; the owner serialises calls.
 */
public final class FailureDetector {
    private static final class NetworkState {
        final long timeoutNanos;
        long lastHeardNanos;
        Liveness liveness = Liveness.UNKNOWN;

        NetworkState(long timeoutNanos, long startNanos) {
            this.timeoutNanos = timeoutNanos;
            this.lastHeardNanos = startNanos;
        }
    }

    private final Map<String, NetworkState> networks = new LinkedHashMap<>();
    private Liveness peer = Liveness.UNKNOWN;

    /** @param timeoutNanosByNetwork each network's loss timeout, in configuration order */
    public FailureDetector(Map<String, Long> timeoutNanosByNetwork, long startNanos) {
        Check.argument(!timeoutNanosByNetwork.isEmpty(), "at least one heartbeat network is needed");
        timeoutNanosByNetwork.forEach((name, timeout) -> {
            Check.argument(timeout > 0, "timeout of network %s must be > 0: %d ns", name, timeout);
            networks.put(name, new NetworkState(timeout, startNanos));
        });
    }

    /** An authentic, fresh heartbeat arrived on {@code network}. Returns the resulting changes. */
    public List<LivenessChange> heard(String network, long nowNanos) {
        NetworkState state = networks.get(network);
        Check.argument(state != null, "unknown heartbeat network %s", network);
        state.lastHeardNanos = nowNanos;
        List<LivenessChange> changes = new ArrayList<>(2);
        setNetwork(network, state, Liveness.UP, changes);
        updatePeer(changes);
        return changes;
    }

    /** Applies the timeouts at {@code nowNanos}. Returns the resulting changes. */
    public List<LivenessChange> tick(long nowNanos) {
        List<LivenessChange> changes = new ArrayList<>(2);
        networks.forEach((name, state) -> {
            if (state.liveness != Liveness.DOWN && nowNanos - state.lastHeardNanos >= state.timeoutNanos) {
                setNetwork(name, state, Liveness.DOWN, changes);
            }
        });
        updatePeer(changes);
        return changes;
    }

    /** The peer's liveness. */
    public Liveness peer() {
        return peer;
    }

    /** Each network's liveness, in configuration order. */
    public Map<String, Liveness> networks() {
        Map<String, Liveness> copy = new LinkedHashMap<>();
        networks.forEach((name, state) -> copy.put(name, state.liveness));
        return copy;
    }

    /** Nanoseconds since {@code network} was last heard (or since start), at {@code nowNanos}. */
    public long silenceNanos(String network, long nowNanos) {
        return nowNanos - networks.get(network).lastHeardNanos;
    }

    private static void setNetwork(String name, NetworkState state, Liveness next, List<LivenessChange> changes) {
        if (state.liveness != next) {
            changes.add(new LivenessChange.NetworkChanged(name, state.liveness, next));
            state.liveness = next;
        }
    }

    private void updatePeer(List<LivenessChange> changes) {
        Liveness next = derivePeer();
        if (next != peer) {
            changes.add(new LivenessChange.PeerChanged(peer, next));
            peer = next;
        }
    }

    private Liveness derivePeer() {
        boolean anyUp = false;
        boolean allDown = true;
        for (NetworkState state : networks.values()) {
            anyUp |= state.liveness == Liveness.UP;
            allDown &= state.liveness == Liveness.DOWN;
        }
        return anyUp ? Liveness.UP : allDown ? Liveness.DOWN : Liveness.UNKNOWN;
    }
}

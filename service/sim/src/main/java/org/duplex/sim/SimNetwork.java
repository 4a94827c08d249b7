package org.duplex.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Heartbeat networks between node 0 and node 1, each direction cut separately (asymmetric
 * partitions). The last network carries the replication flow (SafeKit's {@code ident="flow"}).
 */
final class SimNetwork {
    private final List<String> networks;
    private final Set<String> cuts = new HashSet<>();

    SimNetwork(List<String> networks) {
        this.networks = List.copyOf(networks);
    }

    List<String> names() {
        return networks;
    }

    String flow() {
        return networks.get(networks.size() - 1);
    }

    void cut(String network, int from, int to) {
        cuts.add(network + ":" + from + ">" + to);
    }

    void healAll() {
        cuts.clear();
    }

    boolean delivers(String network, int from, int to) {
        return !cuts.contains(network + ":" + from + ">" + to);
    }

    boolean bothWays(String network) {
        return delivers(network, 0, 1) && delivers(network, 1, 0);
    }

    /** Some network works in both directions: the nodes can see each other. */
    boolean connected() {
        for (String n : networks) {
            if (bothWays(n)) {
                return true;
            }
        }
        return false;
    }

    /** Every network is cut in at least one direction. */
    boolean fullyPartitioned() {
        return !connected();
    }

    @Override
    public String toString() {
        return cuts.isEmpty() ? "healthy" : "cut " + cuts;
    }
}

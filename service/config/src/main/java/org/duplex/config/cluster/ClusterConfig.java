package org.duplex.config.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.LinkedHashSet;
import org.duplex.config.ConfigLocation;

/**
 * SafeKit's {@code cluster.xml} (safekit-behaviour.md §2.0): the nodes of the cluster and their
 * address on each network (LAN). Module heartbeats name these LANs.
 *
 * @param membershipPort  UDP port of cluster membership ({@code <lans port>}, 4800)
 */
public record ClusterConfig(int membershipPort, Duration membershipPulse, int mlostCount, int slostCount,
                            List<Lan> lans) {

    public ClusterConfig {
        lans = List.copyOf(lans);
    }

    /** {@code <lan>}: one network and each node's address on it. */
    public record Lan(String name, boolean command, List<Node> nodes, ConfigLocation location) {
        public Lan {
            nodes = List.copyOf(nodes);
        }

        public Optional<Node> node(String nodeName) {
            return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
        }
    }

    /**
     * {@code <node>}.
     *
     * @param address      IP literal or host name, without IPv6 brackets
     * @param localAddress {@code laddr}: the node's own address when behind NAT
     */
    public record Node(String name, String address, Optional<String> localAddress) {}

    public Optional<Lan> lan(String name) {
        return lans.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Every node name, in order of first appearance. */
    public SequencedSet<String> nodeNames() {
        SequencedSet<String> names = new LinkedHashSet<>();
        lans.forEach(l -> l.nodes().forEach(n -> names.add(n.name())));
        return names;
    }
}

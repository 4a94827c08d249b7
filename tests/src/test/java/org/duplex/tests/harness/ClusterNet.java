package org.duplex.tests.harness;

/** The two networks of a test cluster. lan1 carries replication and heartbeats and holds the
 *  client, the witness and the VIP; lan2 carries heartbeats only. */
public enum ClusterNet {
    LAN1("lan1"),
    LAN2("lan2"),
    /** Both networks at once, for cut/heal (isolating a node). */
    ALL("all");

    private final String id;

    ClusterNet(String id) {
        this.id = id;
    }

    /** The name cluster.sh uses; also the interface name inside each host's namespace. */
    public String id() {
        return id;
    }
}

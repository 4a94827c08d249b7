package org.duplex.tests.harness;

/** The hosts of a test cluster, each in its own network namespace; the nodes also have their own
 *  mount namespace. {@link #id()} is the name cluster.sh uses. */
public enum ClusterHost {
    NODE1("node1"),
    NODE2("node2"),
    /** Where clients (psql, pgbench, the ledger) run; on lan1 only, reaches the VIP. */
    CLIENT("client"),
    /** The split-brain checker's witness address; on lan1 only. */
    WITNESS("witness");

    private final String id;

    ClusterHost(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean isNode() {
        return this == NODE1 || this == NODE2;
    }

    /** The other node; only for NODE1 and NODE2. */
    public ClusterHost peer() {
        return switch (this) {
            case NODE1 -> NODE2;
            case NODE2 -> NODE1;
            default -> throw new IllegalArgumentException(this + " is not a node and has no peer");
        };
    }
}

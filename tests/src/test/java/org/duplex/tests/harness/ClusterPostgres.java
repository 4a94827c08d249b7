package org.duplex.tests.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL on a {@link TestCluster} through {@code tests/harness/pg.sh}: the data dir is the
 *  replicated path of a node, the server runs in the node's namespaces, clients run in the client
 *  namespace and connect to the VIP. */
public final class ClusterPostgres {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final TestCluster cluster;

    public ClusterPostgres(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** initdb at the node's replicated path (its own backing directory), trusting the test networks. */
    public void init(ClusterHost node) {
        pg("init", node.id());
    }

    /** Starts the server on the node, listening on every address (so on the VIP once it is there). */
    public void start(ClusterHost node) {
        pg("start", node.id());
    }

    /** Stops it: {@code fast} (clean), or {@code immediate} (like a crash; recovery at next start). */
    public void stop(ClusterHost node, String mode) {
        pg("stop", node.id(), mode);
    }

    public boolean isRunning(ClusterHost node) {
        return run(List.of("status", cluster.name(), node.id())).ok();
    }

    /** Runs SQL through the VIP from the client; tuples only, unaligned, one row per line. */
    public ExecResult psql(String sql) {
        return run(List.of("psql", cluster.name(), "-At", "-c", sql));
    }

    /** Like {@link #psql} but fails on error and returns the output trimmed. */
    public String query(String sql) {
        return psql(sql).orThrow().stdout().strip();
    }

    /** The psql command line that runs in the client namespace against the VIP (for sessions that
     *  keep stdin open, like {@link ClientLedger}). */
    public List<String> psqlCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(TestCluster.script("pg.sh"), "psql", cluster.name()));
        command.addAll(List.of(args));
        return command;
    }

    public ExecResult pgbench(String... args) {
        List<String> command = new ArrayList<>(List.of("pgbench", cluster.name()));
        command.addAll(List.of(args));
        return run(command);
    }

    private void pg(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.add(1, cluster.name());
        run(command).orThrow();
    }

    private ExecResult run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(TestCluster.script("pg.sh"));
        command.addAll(args);
        return Commands.run(command, TIMEOUT);
    }
}

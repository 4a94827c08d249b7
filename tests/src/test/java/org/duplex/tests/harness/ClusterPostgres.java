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
        return cluster.exec(TIMEOUT, ClusterHost.CLIENT, psqlCommand("-At", "-c", sql).toArray(String[]::new));
    }

    /** Like {@link #psql} but fails on error and returns the output trimmed. */
    public String query(String sql) {
        return psql(sql).orThrow().stdout().strip();
    }

    /** psql against the VIP as postgres, as {@code pg.sh psql} runs it; to be run in the client's
     *  namespace ({@link TestCluster#exec} or {@link TestCluster#inHost}). */
    public List<String> psqlCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "PGDATABASE=postgres", "PGCONNECT_TIMEOUT=5", "psql",
                "-h", cluster.vip(), "-U", "postgres", "-X", "-v", "ON_ERROR_STOP=1"));
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

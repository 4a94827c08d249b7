package org.duplex.tests.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A two-node cluster on this machine, made and removed by {@code tests/harness/cluster.sh}: node1,
 * node2, a client and a witness in their own network namespaces on two bridged networks, each node
 * in its own mount namespace where the replicated path, SAFE and SAFEVAR are its own directories.
 *
 * <p>Tests normally get one from {@link TwoNodeClusterExtension}, which always tears it down.
 * A JVM shutdown hook tears it down on Ctrl-C too; after a kill -9 of the JVM, the next
 * {@code cluster.sh up} removes it because its owner process is gone.
 */
public final class TestCluster implements AutoCloseable {

    /** Up and down create or remove five namespaces and mounts; the machine may be busy. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Map<String, String> env;
    private final AtomicBoolean down = new AtomicBoolean();
    private final Thread shutdownHook;

    private TestCluster(String name, Map<String, String> env) {
        this.name = name;
        this.env = env;
        this.shutdownHook = new Thread(this::downQuietly, "duplex-cluster-" + name + "-teardown");
    }

    /** Creates cluster {@code name} afresh (anything left by an earlier run of that name is removed
     *  first). On failure nothing is left behind. */
    public static TestCluster up(String name) {
        return up(name, List.of());
    }

    /** Like {@link #up(String)} with these replicated paths (absolute, under an existing directory
     *  other than /) instead of the default {@code /srv/duplex/pgdata}. */
    public static TestCluster up(String name, List<Path> replicatedPaths) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DX_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
        if (!replicatedPaths.isEmpty()) {
            env.put("DX_REPLICATED_DIRS", String.join(" ", replicatedPaths.stream().map(Path::toString).toList()));
        }
        Commands.run(List.of(script("cluster.sh"), "up", "--fresh", name), SCRIPT_TIMEOUT, env).orThrow();
        TestCluster cluster = new TestCluster(name, readEnv(name));
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
    }

    /** Removes everything of this cluster; checks nothing is left (the script fails otherwise). */
    public void down() {
        if (!down.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // We are the hook, or the JVM is exiting: tear down all the same.
        }
        Commands.run(List.of(script("cluster.sh"), "down", name), SCRIPT_TIMEOUT).orThrow();
    }

    @Override
    public void close() {
        down();
    }

    private void downQuietly() {
        try {
            down();
        } catch (RuntimeException e) {
            System.err.println("duplex harness: tearing down cluster " + name + " failed: " + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    /** Runs a command in the host's namespaces and waits for it (up to {@link #EXEC_TIMEOUT}). */
    public ExecResult exec(ClusterHost host, String... command) {
        return exec(EXEC_TIMEOUT, host, command);
    }

    public ExecResult exec(Duration timeout, ClusterHost host, String... command) {
        return Commands.run(inHost(host, List.of(command)), timeout);
    }

    /** Runs {@code sh -c script} in the host's namespaces and fails if it exits non-zero. */
    public String sh(ClusterHost host, String shellScript) {
        return exec(host, "sh", "-c", shellScript).orThrow().stdout();
    }

    /** Starts a long-running command in the host's namespaces (a daemon, a load loop); its output
     *  goes to {@code log}. The caller stops it; {@link #down()} kills it anyway. */
    public Process spawn(ClusterHost host, Path log, String... command) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new ProcessBuilder(inHost(host, List.of(command)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (java.io.IOException e) {
            throw new HarnessException("cannot start " + String.join(" ", command) + " on " + host.id(), e);
        }
    }

    /** The command line that runs {@code command} in the host's namespaces, for callers that need
     *  their own pipes (e.g. {@link ClientLedger}). The same as {@code cluster.sh exec}, without a
     *  shell in between: tests run hundreds of these. */
    public List<String> inHost(ClusterHost host, List<String> command) {
        String netns = env.get("DX_" + host.id().toUpperCase() + "_NETNS");
        List<String> full = new ArrayList<>();
        if (host.isNode()) {
            full.addAll(List.of("nsenter", "--net=/run/netns/" + netns,
                    "--mount=" + env.get("DX_" + host.id().toUpperCase() + "_MNTNS_FILE"),
                    "--wd=" + System.getProperty("user.dir"), "--"));
        } else {
            full.addAll(List.of("ip", "netns", "exec", netns));
        }
        full.addAll(command);
        return full;
    }

    /** Cable pulled: the switch port of {@code host} on {@code net} goes down; the host sees no carrier. */
    public void cut(ClusterNet net, ClusterHost host) {
        cluster("cut", name, net.id(), host.id());
    }

    /** The whole network {@code net} goes down for everyone on it. */
    public void cut(ClusterNet net) {
        cluster("cut", name, net.id());
    }

    /** Silent partition: the port leaves the bridge; the host keeps carrier, nothing gets through. */
    public void cutSilently(ClusterNet net, ClusterHost host) {
        cluster("cut", "--silent", name, net.id(), host.id());
    }

    public void heal(ClusterNet net, ClusterHost host) {
        cluster("heal", name, net.id(), host.id());
    }

    /** Undoes every cut. */
    public void heal() {
        cluster("heal", name);
    }

    /** Power failure of {@code node}: cables pulled, every process in its namespaces SIGKILLed, its
     *  FUSE mounts dropped; its backing directories stay. Unwritten page cache is not lost. */
    public void crash(ClusterHost node) {
        cluster("crash", name, node.id());
    }

    /** {@code node} back as after a reboot: its own addresses only (a VIP it held is gone), cables in. */
    public void boot(ClusterHost node) {
        cluster("boot", name, node.id());
    }

    /** {@code cluster.sh status}: what exists, port states, addresses. */
    public ExecResult status() {
        return Commands.run(List.of(script("cluster.sh"), "status", name), SCRIPT_TIMEOUT);
    }

    /** The address of {@code host} on {@code net} (LAN1 or LAN2). */
    public String address(ClusterHost host, ClusterNet net) {
        String key = "DX_" + host.id().toUpperCase() + "_" + net.id().toUpperCase();
        String address = env.get(key);
        if (address == null) {
            throw new IllegalArgumentException(host.id() + " is not on " + net.id());
        }
        return address;
    }

    /** The virtual IP reserved on lan1 (free until a test or a daemon adds it to a node). */
    public String vip() {
        return env.get("DX_VIP");
    }

    /** The prefix length of the VIP's network, for {@code ip addr add VIP/PREFIX}. */
    public int vipPrefix() {
        return Integer.parseInt(env.get("DX_VIP_PREFIX"));
    }

    /** The witness's address, for the split-brain checker. */
    public String witness() {
        return env.get("DX_WITNESS");
    }

    /** The (first) replicated path: the same on both nodes, each backed by its own directory. */
    public Path replicatedPath() {
        return replicatedPaths().get(0);
    }

    public List<Path> replicatedPaths() {
        return java.util.Arrays.stream(env.get("DX_REPLICATED_DIRS").split(" ")).map(Path::of).toList();
    }

    /** Where the node's copy of the replicated path really is, seen from the root namespace. */
    public Path backingDir(ClusterHost node) {
        return Path.of(env.get("DX_" + node.id().toUpperCase() + "_BACKING"));
    }

    /** Where the node's copy of {@code replicatedPath} really is, seen from the root namespace. */
    public Path backingDir(ClusterHost node, Path replicatedPath) {
        if (!replicatedPaths().contains(replicatedPath)) {
            throw new IllegalArgumentException(replicatedPath + " is not replicated in cluster " + name
                    + " (replicated: " + replicatedPaths() + ")");
        }
        return workDir().resolve(node.id()).resolve("data").resolve(replicatedPath.toString().substring(1));
    }

    /** A directory of the node for logs, readable from the root namespace. */
    public Path logDir(ClusterHost node) {
        return Path.of(env.get("DX_" + node.id().toUpperCase() + "_LOG"));
    }

    /** This cluster's work directory on the host (backing dirs, logs); removed by {@link #down()}. */
    public Path workDir() {
        return Path.of(env.get("DX_WORK"));
    }

    /** SAFE as each node sees it (its own directory on each node). */
    public Path safeRoot() {
        return Path.of(env.get("DX_SAFE"));
    }

    /** SAFEVAR as each node sees it (its own directory on each node). */
    public Path safeVarRoot() {
        return Path.of(env.get("DX_SAFEVAR"));
    }

    /** Every value of {@code cluster.sh env} (DX_*). */
    public Map<String, String> environment() {
        return env;
    }

    /** Whether one ping from {@code from} to {@code address} is answered within a second. */
    public boolean canReach(ClusterHost from, String address) {
        return exec(from, "ping", "-c", "1", "-W", "1", "-q", address).ok();
    }

    /** Adds the VIP on {@code node}'s lan1 and announces it with gratuitous ARP. */
    public void addVip(ClusterHost node) {
        exec(node, "ip", "addr", "add", vip() + "/" + vipPrefix(), "dev", ClusterNet.LAN1.id()).orThrow();
        exec(node, "arping", "-q", "-U", "-c", "2", "-I", ClusterNet.LAN1.id(), vip()).orThrow();
    }

    public void removeVip(ClusterHost node) {
        exec(node, "ip", "addr", "del", vip() + "/" + vipPrefix(), "dev", ClusterNet.LAN1.id()).orThrow();
    }

    /** The MAC address of the host's interface on {@code net}. */
    public String mac(ClusterHost host, ClusterNet net) {
        return exec(host, "cat", "/sys/class/net/" + net.id() + "/address").orThrow().stdout().strip();
    }

    private void cluster(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script("cluster.sh"));
        command.addAll(List.of(args));
        Commands.run(command, SCRIPT_TIMEOUT).orThrow();
    }

    private static Map<String, String> readEnv(String name) {
        String out = Commands.run(List.of(script("cluster.sh"), "env", name), SCRIPT_TIMEOUT).orThrow().stdout();
        Map<String, String> env = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> env.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return Map.copyOf(env);
    }

    /** A harness script: from {@code -Dduplex.harness.dir} (set by the pom), else found by walking
     *  up from the working directory to {@code tests/harness}. */
    public static String script(String fileName) {
        return harnessDir().resolve(fileName).toString();
    }

    static Path harnessDir() {
        String configured = System.getProperty("duplex.harness.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("harness"), dir.resolve("tests/harness"))) {
                if (Files.isExecutable(candidate.resolve("cluster.sh"))) {
                    return candidate;
                }
            }
        }
        throw new HarnessException("cannot find tests/harness/cluster.sh above " + Path.of("").toAbsolutePath()
                + "; set -Dduplex.harness.dir");
    }
}

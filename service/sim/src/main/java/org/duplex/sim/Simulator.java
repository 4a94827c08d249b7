package org.duplex.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.duplex.engine.Action;
import org.duplex.engine.CommandKind;
import org.duplex.engine.EngineConfig;
import org.duplex.engine.Event;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Lineage;

/**
 * Deterministic simulation of a Duplex pair: both nodes' real engines, fake drivers, one seed.
 * Single-threaded; simulated time only; the same seed replays the same run exactly.
 *
 * <p>A random run: both nodes start, the operator runs {@code prim} on n1 (first start), then a
 * fault phase (partitions, drops, crashes, script failures, slow/full disk, commands), then
 * everything heals and the pair must reach PRIM(Ready) + SECOND(Ready) with identical data.
 * Safety invariants are checked after every event (see {@link #checkInvariants}).
 */
public final class Simulator {
    static final long LIVENESS_BOUND_MS = 60_000;
    private static final long TWO_WRITERS_GRACE_MS = 2 * SimOptions.HEARTBEAT_TIMEOUT_MS;
    private static final int TRACE_LINES = Integer.getInteger("sim.trace", 600);

    private record Scheduled(long at, long seq, Runnable what) {}

    private final long seed;
    private final SplittableRandom rnd;
    private final SimOptions opt;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private final SimNode[] nodes = new SimNode[2];
    private final SimNetwork network;
    private final SimReplication replication;
    private final SimScripts scripts;
    private final TreeSet<Long> acked = new TreeSet<>();
    private final TreeSet<Long> saved = new TreeSet<>();
    private long nextWriteId = 1;
    private boolean writesEnabled = true;
    private double dropRate;
    private double duplicateRate;
    private int witnessSide = 2; // 0 or 1: only that node reaches the witness; 2: both; -1: none
    private long bothWritableSince = -1;
    private long twoWritersSince = -1;
    private int partitionEpoch;
    private final long[] witnessTrueAt = {-1, -1};
    private final Deque<String> trace = new ArrayDeque<>();
    private final List<String> transitions = new ArrayList<>();
    private final List<String> engineLog = new ArrayList<>();
    private String failure;

    Simulator(long seed, SimOptions options) {
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
        this.opt = options;
        this.network = new SimNetwork(options.networks());
        this.replication = new SimReplication(this);
        this.scripts = new SimScripts(this);
        scripts.failRate = options.scriptFailRate();
        scripts.hangRate = options.scriptHangRate();
        dropRate = options.dropRate();
        duplicateRate = options.duplicateRate();
        for (int i = 0; i < 2; i++) {
            String name = "n" + (i + 1);
            EngineConfig cfg = EngineConfig.safekitDefaults(name, "n" + (2 - i))
                    .withNetworks(options.networks())
                    .withWitness(options.witnessConfigured())
                    .withDefaultPrim(options.defaultPrim())
                    .withTimings(SimOptions.HEARTBEAT_TIMEOUT_MS, SimOptions.FENCE_DELAY_MS, 1000, 500);
            nodes[i] = new SimNode(i, name, this, cfg);
        }
    }

    /** Runs one random seed end to end; returns null when every check passed, else the failure report. */
    public static String runSeed(long seed) {
        SplittableRandom optionsRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Simulator sim = new Simulator(seed, SimOptions.swarm(optionsRandom));
        try {
            return sim.runRandom();
        } catch (RuntimeException e) {
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            sim.fail("exception " + w);
            return sim.failure;
        }
    }

    /**
     * Command line: {@code Simulator <first seed> [count]} runs seeds and prints each failure with
     * its trace ({@code -Dsim.trace=N} keeps N lines); exit code 1 if any failed.
     */
    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        long count = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int failed = 0;
        for (long seed = first; seed < first + count; seed++) {
            String failure = runSeed(seed);
            if (failure != null) {
                failed++;
                System.out.println(failure);
            }
        }
        System.out.println(failed + " of " + count + " seed(s) failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    String runRandom() {
        trace("seed " + seed + " options " + opt);
        for (SimNode n : nodes) {
            boot(n, true);
        }
        at(2500, () -> command(nodes[0], CommandKind.PRIM));
        long faultStart = 5000;
        long heal = faultStart + opt.faultPhaseMs();
        for (long t = faultStart; t < heal; t += 100) {
            at(t, this::faultTick);
        }
        at(heal, this::healEverything);
        long deadline = heal + LIVENESS_BOUND_MS;
        while (failure == null && now < deadline) {
            if (!runUntil(() -> now >= heal && pairConverged(), deadline)) {
                break;
            }
            // Converged: stop the application's writes and let in-flight ones drain; the pair must stay put.
            writesEnabled = false;
            long drainEnd = now + 1500;
            boolean left = runUntil(() -> !pairConverged(), drainEnd);
            if (failure == null && !left) {
                verifyConverged();
                return failure;
            }
            writesEnabled = true; // a late fault effect moved it (e.g. a lease expiring at the heal instant)
        }
        if (failure == null) {
            fail("liveness: no PRIM(Ready) + SECOND(Ready) within " + LIVENESS_BOUND_MS + " ms after the faults stopped: "
                    + nodes[0].display() + " / " + nodes[1].display());
        }
        return failure;
    }

    // ---------------------------------------------------------------- scheduling

    void at(long time, Runnable what) {
        queue.add(new Scheduled(Math.max(time, now), seq++, what));
    }

    long now() {
        return now;
    }

    SplittableRandom random() {
        return rnd;
    }

    /** Runs events until {@code done} holds, a failure, or simulated time reaches {@code untilMs}. */
    boolean runUntil(BooleanSupplier done, long untilMs) {
        while (failure == null && !queue.isEmpty() && queue.peek().at <= untilMs) {
            Scheduled s = queue.poll();
            now = s.at;
            s.what.run();
            checkInvariants();
            if (done.getAsBoolean()) {
                return true;
            }
        }
        if (failure == null && now < untilMs) {
            now = untilMs;
        }
        return done.getAsBoolean();
    }

    void runFor(long ms) {
        long until = now + ms;
        runUntil(() -> false, until);
    }

    // ---------------------------------------------------------------- node control (also used by scenarios)

    void boot(SimNode n, boolean start) {
        n.boot();
        int inc = n.incarnation;
        heartbeatLoop(n, inc);
        writeLoop(n, inc);
        if (start) {
            n.deliverNow(Event.Command.admin(CommandKind.START));
        }
    }

    void command(SimNode n, CommandKind cmd) {
        trace("operator: " + n.name + " " + cmd.verb());
        n.deliverNow(Event.Command.admin(cmd));
    }

    void crash(SimNode n) {
        n.crash();
        replication.breakLink("crash of " + n.name);
    }

    private void heartbeatLoop(SimNode n, int inc) {
        if (!n.up || n.incarnation != inc) {
            return;
        }
        n.sendHeartbeats(other(n), network);
        at(now + SimOptions.PULSE_MS, () -> heartbeatLoop(n, inc));
    }

    private void writeLoop(SimNode n, int inc) {
        if (!n.up || n.incarnation != inc) {
            return;
        }
        if (writesEnabled) {
            n.applicationWrite(nextWriteId++);
        }
        at(now + 30 + rnd.nextLong(70), () -> writeLoop(n, inc));
    }

    void sendHeartbeat(SimNode from, SimNode to, Event.Heartbeat hb) {
        int copies = rnd.nextDouble() < duplicateRate ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            if (!network.delivers(hb.network(), from.index, to.index) || rnd.nextDouble() < dropRate) {
                continue;
            }
            at(now + 1 + rnd.nextLong(opt.maxDelayMs()), () -> {
                if (network.delivers(hb.network(), from.index, to.index)) {
                    to.receiveHeartbeat(hb);
                }
            });
        }
    }

    // ---------------------------------------------------------------- faults

    private void faultTick() {
        double tick = 0.1;
        if (rnd.nextDouble() < opt.partitionRate() * tick) {
            partition();
        }
        if (rnd.nextDouble() < opt.replicationBreakRate() * tick) {
            replication.breakLink("random break");
        }
        if (rnd.nextDouble() < opt.crashRate() * tick) {
            SimNode n = nodes[rnd.nextInt(2)];
            if (n.up) {
                crash(n);
                boolean start = rnd.nextDouble() < 0.9;
                at(now + 300 + rnd.nextLong(4000), () -> {
                    if (!n.up) {
                        boot(n, start);
                    }
                });
            }
        }
        if (rnd.nextDouble() < opt.slowDiskRate() * tick) {
            SimNode n = nodes[rnd.nextInt(2)];
            n.diskSlow = !n.diskSlow;
            trace(n.name + " disk " + (n.diskSlow ? "slow" : "normal"));
        }
        if (rnd.nextDouble() < opt.fullDiskRate() * tick) {
            SimNode n = nodes[rnd.nextInt(2)];
            n.diskFull = true;
            trace(n.name + " disk full");
            at(now + 200 + rnd.nextLong(2000), () -> n.diskFull = false);
        }
        if (rnd.nextDouble() < opt.appCrashRate() * tick) {
            appCrash(nodes[rnd.nextInt(2)]);
        }
        if (rnd.nextDouble() < opt.commandRate() * tick) {
            randomCommand(nodes[rnd.nextInt(2)]);
        }
    }

    private void partition() {
        int kind = rnd.nextInt(4);
        int from = rnd.nextInt(2);
        List<String> nets = network.names();
        switch (kind) {
            case 0 -> {
                String n = nets.get(rnd.nextInt(nets.size()));
                network.cut(n, 0, 1);
                network.cut(n, 1, 0);
            }
            case 1 -> nets.forEach(n -> {
                network.cut(n, 0, 1);
                network.cut(n, 1, 0);
            });
            case 2 -> nets.forEach(n -> network.cut(n, from, 1 - from));
            default -> network.cut(network.flow(), from, 1 - from);
        }
        if (!network.bothWays(network.flow())) {
            replication.breakLink("flow network cut");
        }
        if (network.fullyPartitioned() && witnessSide == 2) {
            // The witness sits on one side of the partition (or is lost): never both (SafeKit §2.8).
            witnessSide = rnd.nextInt(3) - 1;
        }
        partitionEpoch++;
        long duration = 200 + rnd.nextLong(4000);
        trace("network " + network + " for " + duration + " ms, witness side " + witnessSide);
        at(now + duration, this::healNetwork);
    }

    /** Scenario helper: cut every network both ways; {@code witnessNode} is the node that still reaches the witness (-1: none). */
    void isolate(int witnessNode) {
        for (String n : network.names()) {
            network.cut(n, 0, 1);
            network.cut(n, 1, 0);
        }
        partitionEpoch++;
        witnessSide = witnessNode;
        replication.breakLink("flow network cut");
        trace("network cut " + network + ", witness side " + witnessSide);
    }

    /** Scenario helper: heal every network. */
    void heal() {
        healNetwork();
    }

    /** Acknowledged writes that are neither on {@code n} nor saved as split-brain data. */
    TreeSet<Long> acknowledgedMissingOn(SimNode n) {
        TreeSet<Long> missing = new TreeSet<>(acked);
        missing.removeAll(n.data);
        missing.removeAll(saved);
        return missing;
    }

    int savedSplitBrainWrites() {
        return saved.size();
    }

    private void healNetwork() {
        network.healAll();
        trace("network healed");
        replication.changed();
        // The witness keeps its side until the nodes have had a heartbeat timeout to hear each other
        // again: one silence, as the nodes see it, has one witness side (else both may reach it).
        int epoch = partitionEpoch;
        at(now + SimOptions.HEARTBEAT_TIMEOUT_MS, () -> {
            if (epoch == partitionEpoch) {
                witnessSide = 2;
            }
        });
    }

    private void appCrash(SimNode n) {
        Event.CheckerAction action = switch (rnd.nextInt(3)) {
            case 0 -> Event.CheckerAction.RESTART;
            case 1 -> Event.CheckerAction.STOPSTART;
            default -> Event.CheckerAction.WAIT;
        };
        trace(n.name + " application dies (errd action " + action + ")");
        n.deliverNow(new Event.ResourceChanged("proc.app", false, action));
        int inc = n.incarnation;
        at(now + 100 + rnd.nextLong(1000), () -> n.deliver(new Event.ResourceChanged("proc.app", true, action), inc));
    }

    private void randomCommand(SimNode n) {
        CommandKind cmd = switch (rnd.nextInt(6)) {
            case 0 -> CommandKind.STOP;
            case 1 -> CommandKind.SWAP;
            case 2 -> CommandKind.RESTART;
            case 3 -> CommandKind.STOPSTART;
            case 4 -> CommandKind.FAILOVER_OFF;
            default -> CommandKind.START;
        };
        command(n, cmd);
        if (cmd == CommandKind.STOP) {
            at(now + 500 + rnd.nextLong(3000), () -> command(n, CommandKind.START));
        } else if (cmd == CommandKind.FAILOVER_OFF) {
            at(now + 500 + rnd.nextLong(5000), () -> command(n, CommandKind.FAILOVER_ON));
        }
    }

    private void healEverything() {
        trace("=== faults stop: heal everything ===");
        scripts.failRate = 0;
        scripts.hangRate = 0;
        dropRate = 0;
        duplicateRate = 0;
        healNetwork();
        for (SimNode n : nodes) {
            n.diskFull = false;
            n.diskSlow = false;
        }
        livenessOperator();
    }

    /** After the faults: what an operator would do, with no risk to data (start, failover on). */
    private void livenessOperator() {
        for (SimNode n : nodes) {
            if (!n.up) {
                boot(n, true);
            } else if (n.state() == State.STOP && !n.engine.status().transitionInProgress()) {
                command(n, CommandKind.START);
            }
            if (n.up && !n.engine.status().failoverOn()) {
                command(n, CommandKind.FAILOVER_ON);
            }
        }
        at(now + 1000, this::livenessOperator);
    }

    // ---------------------------------------------------------------- invariants

    private void checkInvariants() {
        boolean bothWritable = nodes[0].writable() && nodes[1].writable();
        if (!bothWritable) {
            twoWritersSince = -1;
            bothWritableSince = -1;
            return;
        }
        if (twoWritersSince < 0) {
            twoWritersSince = now;
            if (opt.witnessConfigured()) {
                // Judged when the second writer appears: fencing must hold unless the ping witness answered
                // both nodes since they last heard each other (both reach it: the documented limit of a ping
                // witness, SafeKit's too).
                long contact = Math.min(nodes[0].lastHeardMs, nodes[1].lastHeardMs);
                if (!(witnessTrueAt[0] > contact && witnessTrueAt[1] > contact)) {
                    fail("two nodes accept writes at once although the split-brain witness did not answer both");
                    return;
                }
            }
        }
        if (!network.connected()) {
            bothWritableSince = -1;
            return;
        }
        if (bothWritableSince < 0) {
            bothWritableSince = now;
        } else if (now - bothWritableSince > TWO_WRITERS_GRACE_MS) {
            fail("two nodes accept writes while they see each other for " + (now - bothWritableSince) + " ms");
        }
    }

    /** Called when a node's filter turns READ_WRITE: it must serve from known-good, complete data. */
    void checkBecomesWritable(SimNode n) {
        if (n.engine.generations().resyncInProgress()) {
            fail(n.name + " accepts writes from data left inconsistent by an interrupted resync");
            return;
        }
        if (other(n).writable()) {
            return; // split brain without a witness: checked at reintegration instead
        }
        TreeSet<Long> missing = new TreeSet<>(acked);
        missing.removeAll(n.data);
        missing.removeAll(saved);
        SimNode o = other(n);
        if (Lineage.compare(n.engine.generations(), GenerationView.of(o.durableGen)) == Lineage.DIVERGED) {
            // Split brain: the other side's divergent writes are saved when it rejoins (checked at the end).
            missing.removeAll(o.data);
        }
        if (!missing.isEmpty()) {
            fail(n.name + " becomes primary without " + missing.size() + " acknowledged write(s), e.g. " + missing.first());
        }
    }

    private boolean pairConverged() {
        for (SimNode p : nodes) {
            SimNode s = other(p);
            if (p.up && s.up && p.state() == State.PRIM && p.qualifier() == Qualifier.READY
                    && s.state() == State.SECOND && s.qualifier() == Qualifier.READY
                    && p.filter == Action.FilterMode.READ_WRITE && s.filter == Action.FilterMode.READ_ONLY
                    && replication.connected()) {
                return true;
            }
        }
        return false;
    }

    private void verifyConverged() {
        if (!pairConverged()) {
            fail("pair left PRIM(Ready) + SECOND(Ready) with no fault: " + nodes[0].display() + " / " + nodes[1].display());
            return;
        }
        SimNode p = nodes[0].state() == State.PRIM ? nodes[0] : nodes[1];
        SimNode s = other(p);
        if (!p.data.equals(s.data)) {
            TreeSet<Long> diff = new TreeSet<>(p.data);
            diff.removeAll(s.data);
            TreeSet<Long> extra = new TreeSet<>(s.data);
            extra.removeAll(p.data);
            fail("replicated data differ after reintegration: only on primary " + diff + ", only on secondary " + extra);
            return;
        }
        TreeSet<Long> lost = new TreeSet<>(acked);
        lost.removeAll(p.data);
        lost.removeAll(saved);
        if (!lost.isEmpty()) {
            fail(lost.size() + " acknowledged write(s) neither on the primary nor saved as split-brain data, e.g. "
                    + lost.first());
        }
        trace("converged: " + p.name + " PRIM, " + s.name + " SECOND, " + p.data.size() + " writes, "
                + acked.size() + " acknowledged, " + saved.size() + " saved from split brain");
    }

    void acknowledge(SimNode n, long writeId) {
        acked.add(writeId);
    }

    void saveDivergent(SimNode n) {
        saved.addAll(n.data);
    }

    boolean witnessReachable(int nodeIndex) {
        boolean reachable = witnessSide == 2 || witnessSide == nodeIndex;
        if (reachable) {
            witnessTrueAt[nodeIndex] = now;
        }
        return reachable;
    }

    private void fail(String message) {
        if (failure != null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("SIMULATION FAILURE at t=").append(now).append(" ms: ").append(message).append('\n');
        sb.append("reproduce with -Dsim.seed=").append(seed).append('\n');
        sb.append("options: ").append(opt).append('\n');
        sb.append("--- last ").append(trace.size()).append(" trace lines ---\n");
        trace.forEach(l -> sb.append(l).append('\n'));
        failure = sb.toString();
    }

    // ---------------------------------------------------------------- trace

    void trace(String line) {
        if (trace.size() == TRACE_LINES) {
            trace.removeFirst();
        }
        String t = Long.toString(now);
        trace.addLast("        ".substring(Math.min(8, t.length())) + t + " " + line);
    }

    void log(SimNode n, Action.Log l) {
        String line = l.message();
        trace(n.name + " " + l.level() + " " + line);
        if (line.startsWith("BUG:")) {
            fail("engine of " + n.name + " left its transition table: " + line);
        }
        if (l.level() == Action.Level.INFO && line.startsWith(n.name + ": ")) {
            transitions.add(line);
        }
        if (engineLog.size() < 100_000) {
            engineLog.add(n.name + " " + line);
        }
    }

    // ---------------------------------------------------------------- accessors

    SimNode node(int i) {
        return nodes[i];
    }

    SimNode other(SimNode n) {
        return nodes[1 - n.index];
    }

    SimNetwork network() {
        return network;
    }

    SimReplication replication() {
        return replication;
    }

    SimScripts scripts() {
        return scripts;
    }

    SimOptions options() {
        return opt;
    }

    List<String> transitions() {
        return transitions;
    }

    /** Every engine log line, prefixed with the node name. */
    List<String> engineLog() {
        return engineLog;
    }

    String failure() {
        return failure;
    }

    String traceText() {
        return String.join("\n", trace);
    }
}

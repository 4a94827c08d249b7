package org.duplex.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.duplex.engine.Action;
import org.duplex.engine.Announcement;
import org.duplex.engine.Engine;
import org.duplex.engine.EngineConfig;
import org.duplex.engine.Event;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Generations;

/**
 * One simulated node: the real {@link Engine} plus fake drivers (disk with a generation store
 * and the replicated data as a set of write ids, filter, VIP, scripts, heartbeats, witness).
 * A crash loses everything but the disk; the engine is rebuilt from the persisted generations.
 */
final class SimNode {
    final int index;
    final String name;
    private final Simulator sim;
    private final EngineConfig config;

    // Disk: survives crashes.
    Generations durableGen = Generations.none();
    final TreeSet<Long> data = new TreeSet<>();
    boolean diskFull;
    boolean diskSlow;

    // Process: lost on crash.
    Engine engine;
    boolean up;
    int incarnation;
    long busyUntil;
    /** An action list is suspended on a slow disk: nothing else runs on this node until it ends. */
    boolean midList;
    Action.FilterMode filter = Action.FilterMode.UNMOUNTED;
    boolean vip;
    Announcement announcement;
    final Map<String, Long> lastPeerSent = new HashMap<>();
    /** When this node last received any heartbeat from its peer (simulator bookkeeping for the checks). */
    long lastHeardMs = -1;
    final Set<Long> blockedWrites = new LinkedHashSet<>();
    final Set<Long> awaitingAck = new LinkedHashSet<>();
    boolean replicationSource;
    /** The link was up in this replication session: a write the peer has not acknowledged must wait for the engine. */
    boolean sourceSessionConnected;
    boolean replicationTarget;
    boolean resyncRequested;
    Action.ResyncMode resyncMode;

    SimNode(int index, String name, Simulator sim, EngineConfig config) {
        this.index = index;
        this.name = name;
        this.sim = sim;
        this.config = config;
    }

    void boot() {
        incarnation++;
        up = true;
        busyUntil = 0;
        midList = false;
        engine = new Engine(config, durableGen);
        filter = Action.FilterMode.UNMOUNTED;
        vip = false;
        announcement = new Announcement(State.STOP, Qualifier.NOT_READY, false, GenerationView.of(durableGen),
                false, false, false, false);
        lastPeerSent.clear();
        blockedWrites.clear();
        awaitingAck.clear();
        replicationSource = false;
        sourceSessionConnected = false;
        replicationTarget = false;
        resyncRequested = false;
        sim.trace(name + " boots with generation " + durableGen.shortId());
    }

    void crash() {
        if (!up) {
            return;
        }
        up = false;
        incarnation++;
        filter = Action.FilterMode.UNMOUNTED;
        vip = false;
        blockedWrites.clear();
        awaitingAck.clear();
        replicationSource = false;
        replicationTarget = false;
        resyncRequested = false;
        sim.trace(name + " CRASHES");
    }

    /** Delivers an event to the engine now, or when the driver is free again (one thread per node). */
    void deliver(Event event, int forIncarnation) {
        if (!up || forIncarnation != incarnation) {
            return;
        }
        if (midList || sim.now() < busyUntil) {
            sim.at(Math.max(busyUntil, sim.now()), () -> deliver(event, forIncarnation));
            return;
        }
        List<Action> actions = engine.step(event, sim.now());
        Runnable afterwards = null;
        if (event instanceof Event.Heartbeat hb) {
            // Echo a heartbeat only once the engine processed it and its actions (announcement
            // included) ran: the peer reads "echo >= T" as "this node had seen my state at T".
            afterwards = () -> {
                lastPeerSent.merge(hb.network(), hb.peerSentMs(), Math::max);
                lastHeardMs = sim.now();
            };
        }
        execute(actions, 0, incarnation, afterwards);
    }

    void deliverNow(Event event) {
        deliver(event, incarnation);
    }

    private void execute(List<Action> actions, int from, int inc, Runnable afterwards) {
        for (int i = from; i < actions.size(); i++) {
            if (!up || inc != incarnation) {
                return; // crashed mid-list: the rest never happens
            }
            Action a = actions.get(i);
            if (a instanceof Action.PersistGeneration p) {
                if (diskFull) {
                    sim.trace(name + " persist FAILED (disk full)");
                    int me = incarnation;
                    sim.at(sim.now(), () -> deliver(new Event.PersistFailed("disk full"), me));
                    return;
                }
                if (diskSlow) {
                    long stall = 1 + sim.random().nextLong(SimOptions.MAX_DISK_STALL_MS);
                    busyUntil = sim.now() + stall;
                    midList = true;
                    int next = i + 1;
                    sim.at(busyUntil, () -> {
                        if (up && inc == incarnation) {
                            midList = false;
                            durableGen = p.generations();
                            execute(actions, next, inc, afterwards);
                        }
                    });
                    return;
                }
                durableGen = p.generations();
                continue;
            }
            perform(a);
        }
        if (afterwards != null && up && inc == incarnation) {
            afterwards.run();
        }
    }

    private void perform(Action a) {
        switch (a) {
            case Action.RunScript r -> sim.scripts().run(this, r);
            case Action.KillScript k -> sim.scripts().kill(this, k.runId());
            case Action.SetFilter f -> setFilter(f.mode());
            case Action.SetVip v -> vip = v.on();
            case Action.StartReplication s -> {
                if (s.role() == Action.Role.SOURCE) {
                    replicationSource = true;
                } else {
                    replicationTarget = true;
                }
                sim.replication().changed();
            }
            case Action.StopReplication s -> {
                replicationSource = false;
                sourceSessionConnected = false;
                replicationTarget = false;
                resyncRequested = false;
                sim.replication().stoppedBy(this);
            }
            case Action.StartResync s -> {
                if (s.role() == Action.Role.TARGET) {
                    resyncRequested = true;
                    resyncMode = s.mode();
                }
                sim.replication().changed();
            }
            case Action.StopResync s -> {
                resyncRequested = false;
                sim.replication().resyncStoppedBy(this);
            }
            case Action.PersistGeneration p -> throw new IllegalStateException("handled by execute");
            case Action.ReportSplitBrain r -> {
                if (r.thisNodeIsTarget()) {
                    sim.saveDivergent(this);
                }
                sim.trace(name + " split brain reported (" + r.localGeneration() + " vs " + r.peerGeneration() + ")");
            }
            case Action.Log l -> sim.log(this, l);
            case Action.SetResource r -> { }
            case Action.ScheduleTimer t -> {
                int me = incarnation;
                sim.at(Math.max(t.atMs(), sim.now()), () -> deliver(new Event.TimerFired(t.timer()), me));
            }
            case Action.PublishState p -> announcement = p.announcement();
            case Action.CheckWitness w -> {
                int me = incarnation;
                sim.at(sim.now() + 1 + sim.random().nextLong(SimOptions.WITNESS_LATENCY_MS),
                        () -> deliver(new Event.WitnessResult(w.requestId(), sim.witnessReachable(index)), me));
            }
        }
    }

    private void setFilter(Action.FilterMode mode) {
        Action.FilterMode before = filter;
        filter = mode;
        if (mode == Action.FilterMode.READ_WRITE && before != mode) {
            sim.checkBecomesWritable(this);
            List<Long> pending = new ArrayList<>(blockedWrites);
            blockedWrites.clear();
            for (long w : pending) {
                write(w);
            }
            if (!replicationSource) {
                for (long w : new ArrayList<>(awaitingAck)) {
                    awaitingAck.remove(w);
                    sim.acknowledge(this, w); // completes locally, the peer is gone (DESIGN.md data path 5)
                }
            }
        } else if (mode == Action.FilterMode.READ_ONLY || mode == Action.FilterMode.UNMOUNTED) {
            blockedWrites.clear();
            awaitingAck.clear(); // the application gets an error for these: never acknowledged
        }
    }

    /** The application writes; only the filter in READ_WRITE lets it through (blocked writes wait). */
    void applicationWrite(long id) {
        if (!up) {
            return;
        }
        if (midList || sim.now() < busyUntil) {
            int me = incarnation;
            sim.at(Math.max(busyUntil, sim.now()), () -> {
                if (me == incarnation) {
                    applicationWrite(id);
                }
            });
            return;
        }
        switch (filter) {
            case READ_WRITE -> write(id);
            case WRITES_BLOCKED -> blockedWrites.add(id);
            default -> { }
        }
    }

    private void write(long id) {
        data.add(id);
        if (sim.replication().attachedSource(this)) {
            awaitingAck.add(id);
            sim.replication().replicate(this, id);
        } else if (replicationSource && sourceSessionConnected) {
            awaitingAck.add(id); // sync mode, link lost: held until the engine decides (ALONE gate or stop)
        } else {
            sim.acknowledge(this, id); // no secondary attached yet: local write, recorded dirty
        }
    }

    void onReplicationAck(long id) {
        if (awaitingAck.remove(id)) {
            sim.acknowledge(this, id);
        }
    }

    /** One heartbeat per network per pulse; the echo is the newest peer send time received there. */
    void sendHeartbeats(SimNode peer, SimNetwork net) {
        if (!up) {
            return;
        }
        for (String n : net.names()) {
            long echo = lastPeerSent.getOrDefault(n, -1L);
            sim.sendHeartbeat(this, peer, new Event.Heartbeat(n, sim.now(), echo, announcement));
        }
    }

    void receiveHeartbeat(Event.Heartbeat hb) {
        if (!up) {
            return;
        }
        deliverNow(hb);
    }

    boolean writable() {
        return up && filter == Action.FilterMode.READ_WRITE;
    }

    State state() {
        return up ? engine.state() : State.STOP;
    }

    Qualifier qualifier() {
        return up ? engine.qualifier() : Qualifier.NOT_READY;
    }

    String display() {
        return up ? engine.status().display() + " filter=" + filter + " gen=" + engine.generations().shortId()
                + " data=" + data.size() : "DOWN";
    }
}

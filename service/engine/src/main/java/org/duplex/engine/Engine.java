package org.duplex.engine;

import static org.duplex.engine.Action.FilterMode.READ_ONLY;
import static org.duplex.engine.Action.FilterMode.READ_WRITE;
import static org.duplex.engine.Action.FilterMode.UNMOUNTED;
import static org.duplex.engine.Action.FilterMode.WRITES_BLOCKED;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.duplex.common.Check;
import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Generations;
import org.duplex.engine.generation.Lineage;

/**
 * The cluster engine of one module on one node: a pure state machine.
 *
 * <h2>How a driver uses it</h2>
 * <pre>
 *   Engine engine = new Engine(config, generationStore.load());      // state STOP(NotReady)
 *   loop: for each event (command, heartbeat, script end, timer, ...) on ONE thread:
 *       List&lt;Action&gt; actions = engine.step(event, monotonicNowMs);
 *       execute actions strictly in order; stop the list at a failed PersistGeneration
 *       and feed Event.PersistFailed back.
 * </pre>
 * No I/O, no threads, no clock, no randomness in here: time comes in with each event, timers go
 * out as {@link Action.ScheduleTimer} and come back as {@link Event.TimerFired}.
 *
 * <h2>Design notes</h2>
 * <ol>
 *   <li><b>States</b> are SafeKit's (STOP, WAIT, ALONE, PRIM, SECOND with NotReady/Transient/Ready,
 *       safekit-behaviour.md §1.1). Every change of the displayed state is logged once as
 *       {@code <node>: <FROM>(<q>) -> <TO>(<q>) (<cause>)}, and checked against
 *       {@link TransitionTable}; an illegal move is logged as a BUG and the module stops.
 *   <li><b>Plans.</b> A move runs an ordered plan ({@link Step}): actions, module scripts in the
 *       order of safekit-behaviour.md §2.14 (each waited for, stop scripts called again with
 *       {@code force} after nicestoptimeout and killed after forcestoptimeout), and gates. While a
 *       plan runs the state is Transient; other events only update facts.
 *   <li><b>Reconcile.</b> When no plan runs, {@code decide()} looks at the facts (peer's
 *       announcement, networks, replication link, resources, witness) and starts the next plan.
 *       So a late or duplicated event never drives a move by itself; the facts do.
 *   <li><b>Generations</b> decide who has the good data (DESIGN.md): becoming primary without an
 *       in-sync secondary always starts a new generation, persisted before the filter accepts a
 *       write. A secondary takes over only while it holds the primary's current generation.
 *   <li><b>The ALONE gate.</b> A primary that loses its in-sync secondary blocks writes, starts a
 *       new generation and accepts writes again only once the peer can no longer take over: the
 *       peer announced it is not SECOND(Ready), or it is silent (and, with a witness, the witness
 *       answered). So no write acknowledged alone can be missing on a node that takes over.
 *   <li><b>Fencing</b> (beyond SafeKit). With a split-brain witness, a primary whose secondary may
 *       take over blocks writes after {@code fenceDelayMs} without heartbeats and asks the
 *       witness; unreachable means it stops to WAIT. The secondary waits the full heartbeat
 *       timeout, longer than the fence delay, so the old primary is fenced first (EngineConfig).
 *   <li><b>Split brain.</b> Two primaries that see each other: the one with older, or losing
 *       diverged, data blocks writes at once, logs SafeKit's "Split brain recovery: exiting alone"
 *       and rejoins as secondary; its divergent data are reported for saving
 *       ({@link Action.ReportSplitBrain}), never dropped silently.
 * </ol>
 */
public final class Engine {
    private final EngineConfig cfg;
    private final PeerTracker peers;
    private final LoopCounter loops;

    private Generations gen;
    private State state = State.STOP;
    private Qualifier qualifier = Qualifier.NOT_READY;
    private boolean failoverOn;

    // Facts
    private boolean replicationActive;
    private boolean replicationUp;
    private boolean servingResync;
    private boolean joinStarted;
    private boolean resyncActive;
    private int resyncPercent = -1;
    private Boolean witness;
    private boolean witnessPending;
    private long witnessRequestId;
    private boolean fenced;
    private Action.FilterMode filter = UNMOUNTED;
    private boolean vip;
    private final Set<String> waitingOn = new TreeSet<>();
    private Intent intent = Intent.AUTO;
    private boolean fullSyncServe;
    private boolean fullSyncWanted;
    private boolean handover;
    private boolean swapRequested;
    private boolean startedAfterCleanStop;
    private long startupUntilMs;
    private boolean splitBrainLogged;
    private String waitReason;
    private Set<String> upNetworks = new LinkedHashSet<>();

    // Plan in progress
    private final Deque<Step> plan = new ArrayDeque<>();
    private boolean planActive;
    private boolean planIsStop;
    private State planFrom = State.STOP;
    private Step.Script running;
    private long runningId;
    private long scriptSeq;
    private long scriptDeadlineMs;
    private boolean stopQueued;
    private boolean startQueued;

    // Output bookkeeping
    private long scheduledHeartbeatMs = -1;
    private Announcement published;
    private List<Action> out = new ArrayList<>();
    private long now = Long.MIN_VALUE;
    private EventKind kind = EventKind.START;
    private boolean reconciling;
    private boolean planBegunByCommand;
    private long gateStartedMs;
    private long waitEnteredMs;

    private enum Intent { AUTO, PRIMARY, SECONDARY }

    private enum GateResult { WAIT, RELEASED, FAILED }

    /** A thrown move outside {@link TransitionTable}: caught in {@link #step}, which stops the module. */
    private static final class IllegalMove extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IllegalMove(String message) {
            super(message);
        }
    }

    public Engine(EngineConfig config, Generations persisted) {
        this.cfg = config;
        this.gen = persisted;
        this.failoverOn = config.failover();
        this.peers = new PeerTracker(config.networks(), config.heartbeatTimeoutMs());
        this.loops = new LoopCounter(config.maxLoop(), config.loopIntervalMs());
    }

    /**
     * Handles one event at {@code nowMs} (the driver's monotonic clock, never decreasing) and
     * returns the actions to execute, in order.
     */
    public List<Action> step(Event event, long nowMs) {
        Check.argument(nowMs >= now, "engine time went backwards: %d after %d", nowMs, now);
        out = new ArrayList<>();
        now = nowMs;
        kind = event.kind();
        planBegunByCommand = false;
        try {
            dispatch(event);
            if (planBegunByCommand && planActive) {
                advancePlan(); // the first steps of a commanded move belong to the command's column
            }
            reconciling = true; // from here on, moves follow from facts (the FACTS column)
            trackNetworks();
            safety();
            settle();
        } catch (IllegalMove e) {
            safeStop(e.getMessage());
        } finally {
            reconciling = false;
        }
        scheduleHeartbeatTimer();
        publish();
        return List.copyOf(out);
    }

    public EngineStatus status() {
        return new EngineStatus(state, qualifier, Colour.of(state, qualifier), resyncPercent, filter, vip, failoverOn,
                gen, planActive);
    }

    public State state() {
        return state;
    }

    public Qualifier qualifier() {
        return qualifier;
    }

    public Generations generations() {
        return gen;
    }

    public EngineConfig config() {
        return cfg;
    }

    // ---------------------------------------------------------------- dispatch: facts first

    private void dispatch(Event event) {
        switch (event) {
            case Event.Command c -> onCommand(c);
            case Event.Heartbeat hb -> onHeartbeat(hb);
            case Event.ReplicationUp u -> replicationUp = true;
            case Event.ReplicationLost l -> onReplicationLost(l.reason());
            case Event.ResyncProgress p -> onResyncProgress(p.percent());
            case Event.ResyncDone d -> onResyncDone(d);
            case Event.ResyncFailed f -> onResyncFailed(f.reason());
            case Event.ScriptFinished f -> onScriptFinished(f);
            case Event.ResourceChanged r -> onResource(r);
            case Event.WitnessResult w -> onWitness(w.requestId(), w.reachable());
            case Event.TimerFired t -> onTimer(t.timer());
            case Event.PersistFailed p -> forceStop("cannot persist the data generation (" + p.reason() + ")");
        }
    }

    private void onHeartbeat(Event.Heartbeat hb) {
        long echoBefore = peers.lastEchoMs();
        if (!peers.record(hb)) {
            return;
        }
        if (peers.lastEchoMs() > echoBefore) {
            // The peer heard us again: a witness answer about an earlier silence is stale.
            witness = null;
            witnessPending = false;
        }
    }

    private void onReplicationLost(String reason) {
        boolean wasUp = replicationUp;
        replicationUp = false;
        if (!wasUp && !replicationActive) {
            return;
        }
        log(Action.Level.INFO, "Replication link lost: " + reason);
        if (state.isPrimary() && (state == State.PRIM || servingResync) && !planIsStop && filter != UNMOUNTED) {
            servingResync = false;
            abortPlan();
            emit(new Action.SetResource("rfs.degraded", "up"));
            log(Action.Level.INFO, "Resource rfs.degraded set to up by nfsadmin");
            aloneGated("replication lost: " + reason);
        } else if (state == State.SECOND && joinStarted && !planActive) {
            toWait("replication lost during reintegration");
        }
        servingResync = false;
    }

    private void onResyncProgress(int percent) {
        if (state == State.SECOND && joinStarted) {
            resyncPercent = percent;
            emit(new Action.SetResource("rfs.resync_progress", Integer.toString(percent)));
        }
    }

    private void onResyncDone(Event.ResyncDone d) {
        resyncActive = false;
        if (state != State.SECOND || !joinStarted || planActive) {
            return;
        }
        joinStarted = false;
        resyncPercent = 100;
        gen = gen.adoptFrom(d.sourceCurrent(), d.sourceHistory(), d.sourceByFailover());
        persist();
        fullSyncWanted = false;
        intent = Intent.AUTO;
        log(Action.Level.INFO, "Reintegration ended (synchronize)");
        emit(new Action.SetResource("rfs.uptodate", "up"));
        enter(State.SECOND, Qualifier.READY, "reintegration ended");
    }

    private void onResyncFailed(String reason) {
        resyncActive = false;
        servingResync = false;
        if (state == State.SECOND && joinStarted && !planActive) {
            log(Action.Level.WARN, "Reintegration failed: " + reason);
            toWait("reintegration failed");
        }
    }

    private void onWitness(long requestId, boolean reachable) {
        if (!witnessPending || requestId != witnessRequestId) {
            return; // asked before the peer was heard again: describes an older partition
        }
        witnessPending = false;
        witness = reachable;
        emit(new Action.SetResource("splitbrain.uptodate", reachable ? "up" : "down"));
    }

    private void onTimer(Event.TimerKind timer) {
        if (timer == Event.TimerKind.SCRIPT && running != null && now >= scriptDeadlineMs) {
            onScriptTimeout();
        }
        // HEARTBEAT and STARTUP timers carry no payload: the facts they wake us for are time-based.
    }

    // ---------------------------------------------------------------- commands

    private void onCommand(Event.Command c) {
        CommandKind cmd = c.command();
        boolean automatic = c.identity() != null;
        if (!automatic) {
            loops.reset();
        }
        switch (cmd) {
            case FORCESTOP -> forceStop("forcestop");
            case FAILOVER_ON, FAILOVER_OFF -> {
                failoverOn = cmd == CommandKind.FAILOVER_ON;
                log(Action.Level.INFO, "Failover set to " + (failoverOn ? "on" : "off"));
            }
            case STOP -> commandStop();
            case START -> {
                if (state != State.STOP) {
                    refuse(cmd, "the module is already started (" + state + ")");
                } else {
                    startModule(Intent.AUTO);
                }
            }
            case PRIM, PRIM_FULLSYNC, PRIMFORCE -> commandPrim(cmd);
            case SECOND, SECOND_FULLSYNC, SECONDFORCE -> commandSecond(cmd);
            case SWAP -> commandSwap();
            case RESTART -> {
                if (planActive || !(state.isPrimary() || state == State.SECOND) || qualifier != Qualifier.READY) {
                    refuse(cmd, "restart needs ALONE, PRIM or SECOND (Ready), state is " + display());
                } else if (!automatic || !maxLoopExceeded(c.identity())) {
                    beginRestart(c.identity() == null ? "restart" : "restart called by " + c.identity());
                }
            }
            case STOPSTART -> {
                if (state == State.STOP || planActive) {
                    refuse(cmd, "state is " + display());
                } else if (!automatic || !maxLoopExceeded(c.identity())) {
                    beginStop("stopstart", true, false, "stopstart");
                }
            }
        }
    }

    private void commandStop() {
        if (state == State.STOP && !planActive) {
            refuse(CommandKind.STOP, "the module is already stopped");
        } else if (planActive && planIsStop) {
            log(Action.Level.INFO, "Stop already in progress");
        } else if (planActive) {
            stopQueued = true;
            log(Action.Level.INFO, "Stop queued until the current transition ends");
        } else {
            beginStop("stop", false, false, "stop");
        }
    }

    private void commandPrim(CommandKind cmd) {
        Announcement peer = peers.visiblePeer(now);
        if (!(state == State.STOP || state == State.WAIT) || planActive && state != State.STOP) {
            refuse(cmd, "run stop first: state is " + display());
        } else if (peer != null && peer.actsAsPrimary()) {
            refuse(cmd, cfg.peerName() + " is already primary (" + peer.state() + ")");
        } else if (gen.resyncInProgress() && cmd != CommandKind.PRIMFORCE) {
            log(Action.Level.ERROR, "Data may be inconsistent for replicated directories (stopped during reintegration)");
            log(Action.Level.ERROR, "If you are sure that this server has valid data, run safekit primforce to force start as primary");
            refuse(cmd, "an interrupted reintegration left this node's data inconsistent");
        } else {
            if (cmd == CommandKind.PRIMFORCE) {
                gen = gen.withResyncInProgress(false);
            }
            fullSyncServe = cmd != CommandKind.PRIM;
            if (state == State.STOP) {
                startModule(Intent.PRIMARY);
            } else {
                intent = Intent.PRIMARY;
            }
        }
    }

    private void commandSecond(CommandKind cmd) {
        if (!(state == State.STOP || state == State.WAIT) || planActive && state != State.STOP) {
            refuse(cmd, "run stop first: state is " + display());
            return;
        }
        fullSyncWanted = cmd != CommandKind.SECOND;
        if (state == State.STOP) {
            startModule(Intent.SECONDARY);
        } else {
            intent = Intent.SECONDARY;
        }
    }

    private void commandSwap() {
        Announcement peer = peers.visiblePeer(now);
        boolean peerReady = peer != null && peer.qualifier() == Qualifier.READY;
        if (!planActive && state == State.PRIM && qualifier == Qualifier.READY && peerReady
                && peer.state() == State.SECOND) {
            beginHandover("swap");
        } else if (!planActive && state == State.SECOND && qualifier == Qualifier.READY && peerReady
                && peer.state() == State.PRIM) {
            swapRequested = true;
            log(Action.Level.INFO, "Swap requested from " + cfg.peerName());
        } else {
            refuse(CommandKind.SWAP, "swap needs PRIM (Ready) and SECOND (Ready), state is " + display());
        }
    }

    private void refuse(CommandKind cmd, String why) {
        log(Action.Level.ERROR, "Command " + cmd.verb() + " refused: " + why);
    }

    private boolean maxLoopExceeded(String identity) {
        if (loops.countAndCheck(now)) {
            log(Action.Level.ERROR, "Action stop called by maxloop");
            abortPlan();
            beginStop("stop", false, false, "maxloop reached (" + identity + ")");
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- checkers and errd

    private void onResource(Event.ResourceChanged r) {
        emit(new Action.SetResource(r.resource(), r.up() ? "up" : "down"));
        if (r.up()) {
            if (waitingOn.remove(r.resource())) {
                log(Action.Level.INFO, "Resource " + r.resource() + " set to up: Implicit_wakeup");
            }
            return;
        }
        String by = "Action %s called by " + r.resource();
        switch (r.action()) {
            case NOACTION -> { }
            case WAIT -> {
                waitingOn.add(r.resource());
                if (!maxLoopExceeded(r.resource()) && state != State.STOP && state != State.WAIT && !planIsStop) {
                    log(Action.Level.INFO, by.formatted("wait"));
                    abortPlan();
                    toWait("resource " + r.resource() + " down");
                }
            }
            case STOP -> {
                if (state != State.STOP && !planIsStop) {
                    log(Action.Level.INFO, by.formatted("stop"));
                    abortPlan();
                    beginStop("stop", false, false, "resource " + r.resource() + " down");
                }
            }
            case RESTART, STOPSTART -> {
                boolean inRole = (state.isPrimary() || state == State.SECOND) && qualifier == Qualifier.READY;
                if (!inRole || planActive || maxLoopExceeded(r.resource())) {
                    return;
                }
                if (r.action() == Event.CheckerAction.RESTART) {
                    log(Action.Level.INFO, by.formatted("restart"));
                    beginRestart("restart called by " + r.resource());
                } else {
                    log(Action.Level.INFO, by.formatted("stopstart"));
                    beginStop("stopstart", true, false, "stopstart called by " + r.resource());
                }
            }
        }
    }

    // ---------------------------------------------------------------- safety reactions (even during plans)

    private void safety() {
        Announcement peer = peers.visiblePeer(now);
        if (state.isPrimary() && peer != null && peer.actsAsPrimary() && !planIsStop && filter != UNMOUNTED) {
            resolvePrimaryConflict(peer);
        } else if (peer == null || !peer.actsAsPrimary()) {
            splitBrainLogged = false;
        }
        if (cfg.witnessConfigured() && !fenced && witness != Boolean.TRUE && filter == READ_WRITE && state.isPrimary()
                && peerMayTakeOver()
                && now - peers.lastEchoMs() >= cfg.fenceDelayMs()) {
            fenced = true;
            setFilter(WRITES_BLOCKED);
            log(Action.Level.WARN, "Fencing: no heartbeat from " + cfg.peerName() + " for " + cfg.fenceDelayMs()
                    + " ms, writes blocked until the split-brain witness answers");
            requestWitness();
        }
    }

    /** True while the last thing we heard is the peer as secondary: it may be in sync and take over. */
    private boolean peerMayTakeOver() {
        Announcement last = peers.lastKnown();
        return last != null && last.state() == State.SECOND && peers.lastEchoMs() >= 0;
    }

    private void resolvePrimaryConflict(Announcement peer) {
        Lineage lineage = Lineage.compare(gen, peer.generations());
        boolean stay = switch (lineage) {
            case LOCAL_NEWER -> true;
            case PEER_NEWER, BOTH_EMPTY -> false;
            case EQUAL -> filter == READ_WRITE && !peer.writable()
                    || filter == READ_WRITE == peer.writable() && cfg.nodeName().compareTo(cfg.peerName()) < 0;
            case DIVERGED -> Election.winsSplitBrain(cfg, gen, peer.generations());
        };
        if (stay) {
            if (!splitBrainLogged) {
                splitBrainLogged = true;
                log(Action.Level.WARN, "Split brain recovery: staying alone");
                if (lineage == Lineage.DIVERGED) {
                    emit(new Action.ReportSplitBrain(false, gen.shortId(), peer.generations().shortId()));
                }
            }
            return;
        }
        log(Action.Level.WARN, "Split brain recovery: exiting alone");
        State from = state;
        abortPlan();
        setFilter(WRITES_BLOCKED);
        setVip(false);
        begin(from, false,
                run(() -> enter(State.SECOND, Qualifier.TRANSIENT, "split brain recovery: exiting alone")),
                ScriptPlans.primaryToSecondStop(from),
                run(() -> {
                    stopReplication();
                    setFilter(READ_ONLY);
                    fenced = false;
                }),
                ScriptPlans.primaryToSecondStart());
    }

    // ---------------------------------------------------------------- reconcile

    private void settle() {
        for (int round = 0; round < 32; round++) {
            if (planActive) {
                advancePlan();
                if (planActive) {
                    return;
                }
                if (startQueued) {
                    startQueued = false;
                    startModule(Intent.AUTO);
                } else if (stopQueued) {
                    stopQueued = false;
                    beginStop("stop", false, false, "stop");
                }
                continue;
            }
            if (!decide()) {
                return;
            }
        }
        throw new IllegalMove("the engine did not settle after 32 moves in state " + display());
    }

    /** Looks at the facts and starts the next plan when one is needed; true if it started one. */
    private boolean decide() {
        return switch (state) {
            case STOP -> false;
            case WAIT -> decideWait();
            case ALONE -> decideAlone();
            case PRIM -> decidePrim();
            case SECOND -> decideSecond();
        };
    }

    private boolean decideWait() {
        if (!waitingOn.isEmpty()) {
            waitNotReady("waiting for resource(s) " + waitingOn);
            return false;
        }
        // Decide only on a peer heard recently: after a fence the last announcement may be stale.
        Announcement peer = now - peers.lastEchoMs() < cfg.fenceDelayMs() ? peers.visiblePeer(now) : null;
        if (intent == Intent.PRIMARY) {
            becomeAlone("prim command");
            return true;
        }
        if (peer != null && peer.state() == State.ALONE && (peer.writable() || peer.qualifier() == Qualifier.READY)) {
            becomeSecond("joining primary " + cfg.peerName());
            return true;
        }
        if (intent == Intent.SECONDARY) {
            waitNotReady("second: waiting for " + cfg.peerName() + " to be primary");
            return false;
        }
        if (peer != null) {
            if (peer.actsAsPrimary()) {
                waitNotReady("waiting for primary " + cfg.peerName() + " to be ready");
                return false;
            }
            if (peers.latestAnnouncementEchoMs() < waitEnteredMs) {
                // The peer has not seen us in WAIT yet: it may be taking over right now (remote stop).
                return false;
            }
            if (Election.leadsFromWait(cfg, gen, peer)) {
                becomeAlone(peer.state() == State.STOP ? "remote stop" : "data up to date, peer " + peer);
                return true;
            }
            if (!gen.hasData() && peer.generations().current() == null) {
                return notUptodate();
            }
            if (peer.state() == State.STOP && !failoverOn) {
                log(Action.Level.INFO, "Failover-off configured");
            }
            waitNotReady("waiting for " + cfg.peerName() + " to start as primary");
            return false;
        }
        if (now < startupUntilMs) {
            return false;
        }
        if (startedAfterCleanStop && gen.lastRole() == State.ALONE && Election.usable(gen)) {
            becomeAlone("data up to date (stopped ALONE)");
            return true;
        }
        return notUptodate();
    }

    private boolean notUptodate() {
        boolean changed = waitNotReady("not uptodate");
        if (changed) {
            emit(new Action.SetResource("rfs.uptodate", "down"));
            log(Action.Level.INFO, "Action wait from failover rule rfs_notuptodate_server");
            if (gen.resyncInProgress()) {
                log(Action.Level.INFO, "Data may be inconsistent for replicated directories (stopped during reintegration)");
                log(Action.Level.INFO, "If you are sure that this server has valid data, run safekit primforce to force start as primary");
            } else {
                log(Action.Level.INFO, "Data may be not uptodate for replicated directories (wait for the start of the remote server)");
                log(Action.Level.INFO, "If you are sure that this server has valid data, run safekit stop, then safekit prim to force start as primary");
            }
        }
        return false;
    }

    /** Shows WAIT(NotReady) for a reason; true when the reason is new (so its messages get logged once). */
    private boolean waitNotReady(String reason) {
        if (reason.equals(waitReason) && qualifier == Qualifier.NOT_READY) {
            return false;
        }
        waitReason = reason;
        enter(State.WAIT, Qualifier.NOT_READY, reason);
        return true;
    }

    private boolean decideAlone() {
        Announcement peer = peers.visiblePeer(now);
        if (fenced) {
            if (witness == Boolean.FALSE) {
                fenceToWait();
                return true;
            }
            if (witness == Boolean.TRUE || peer != null && now - peers.lastEchoMs() < cfg.fenceDelayMs()) {
                fenced = false;
                setFilter(READ_WRITE);
                log(Action.Level.INFO, "Fencing lifted: " + (witness == Boolean.TRUE ? "witness reachable" : "peer back"));
            } else if (witness == null) {
                requestWitness();
            }
            return false;
        }
        if (peer == null || qualifier != Qualifier.READY) {
            return false;
        }
        if (peer.state() == State.SECOND && peer.qualifier() == Qualifier.READY && replicationUp && servingResync
                && gen.current().equals(peer.generations().current())) {
            becomePrim();
            return true;
        }
        if (peer.state() == State.SECOND && peer.joinRequested() && !servingResync) {
            servingResync = true;
            Action.ResyncMode mode = peer.fullSyncRequested() ? Action.ResyncMode.FULL : Action.ResyncMode.INCREMENTAL;
            log(Action.Level.INFO, "Reintegration of " + cfg.peerName() + " starts (" + mode.name().toLowerCase() + ")");
            startReplication(Action.Role.SOURCE);
            emit(new Action.StartResync(Action.Role.SOURCE, mode));
        }
        return false;
    }

    private boolean decidePrim() {
        Announcement peer = peers.visiblePeer(now);
        if (fenced && peer != null && now - peers.lastEchoMs() < cfg.fenceDelayMs()) {
            // The peer heard us less than a fence delay ago: it cannot take over before we notice again.
            fenced = false;
            setFilter(READ_WRITE);
            log(Action.Level.INFO, "Fencing lifted: " + cfg.peerName() + " is back");
        }
        if (fenced) {
            if (witness == null) {
                requestWitness();
                return false;
            }
            if (witness == Boolean.TRUE) {
                aloneGated("no heartbeat, split-brain witness reachable");
                return true;
            }
            if (witness == Boolean.FALSE) {
                fenceToWait();
                return true;
            }
            return false;
        }
        if (!replicationUp) {
            aloneGated("replication link down");
            return true;
        }
        if (peer == null) {
            if (!peers.peerVisible(now)) {
                log(Action.Level.INFO, "Action alone called by heart: no heartbeat");
                aloneGated("no heartbeat");
                return true;
            }
            return false;
        }
        if (peer.state() != State.SECOND) {
            log(Action.Level.INFO, "Action alone called by heart: remote stop");
            aloneGated("remote " + peer.state());
            return true;
        }
        if (qualifier == Qualifier.READY && peer.qualifier() == Qualifier.READY) {
            if (peer.swapRequested()) {
                beginHandover("swap requested by " + cfg.peerName());
                return true;
            }
            if (cfg.defaultPrimIsNode() && cfg.defaultPrim().equals(cfg.peerName())) {
                log(Action.Level.INFO, "Transition SWAP from defaultprim");
                beginHandover("defaultprim " + cfg.peerName());
                return true;
            }
        }
        return false;
    }

    private boolean isMyInSyncSecond(Announcement peer) {
        return peer.state() == State.SECOND && peer.qualifier() == Qualifier.READY
                && peer.generations().current() != null && peer.generations().current().equals(gen.current());
    }

    private boolean decideSecond() {
        Announcement peer = peers.visiblePeer(now);
        if (qualifier != Qualifier.READY) {
            if (!joinStarted) {
                if (peer != null && peer.state() == State.ALONE && (peer.writable() || peer.qualifier() == Qualifier.READY)) {
                    startJoin(peer);
                } else if (peer != null && !peer.actsAsPrimary() && !(handover && peer.state() == State.SECOND)) {
                    handover = false;
                    toWait("no primary to join: " + cfg.peerName() + " is " + peer.state());
                    return true;
                } else if (peer == null && !handover) {
                    toWait("peer lost before reintegration");
                    return true;
                } else if (peer == null) {
                    handover = false;
                    toWait("peer lost during swap");
                    return true;
                }
                return false;
            }
            if (peer == null || !peer.actsAsPrimary()) {
                toWait(peer == null ? "primary lost during reintegration" : "primary is " + peer);
                return true;
            }
            return false;
        }
        if (peer != null) {
            if (!gen.current().equals(peer.generations().current())) {
                log(Action.Level.INFO, "Action wait from failover rule degraded_server");
                emit(new Action.SetResource("rfs.uptodate", "down"));
                toWait("primary " + cfg.peerName() + " continued without this node (generation "
                        + peer.generations().shortId() + ")");
                return true;
            }
            boolean peerLetGo = !peer.writable() && !peer.state().isPrimary()
                    && (peer.state() == State.STOP || peer.state() == State.WAIT || peer.handover());
            if (peerLetGo) {
                if (peer.handover()) {
                    log(Action.Level.INFO, "Begin of Swap");
                    takeOver("swap");
                } else if (failoverOn) {
                    log(Action.Level.INFO, "Action alone called by heart: remote stop");
                    takeOver("remote stop");
                } else {
                    log(Action.Level.INFO, "Failover-off configured");
                    log(Action.Level.INFO, "Action stopstart called by failover-off");
                    toWait("failover off, remote stop");
                }
                return true;
            }
            return false;
        }
        if (peers.peerVisible(now)) {
            return false;
        }
        if (!failoverOn) {
            log(Action.Level.INFO, "Failover-off configured");
            toWait("failover off, no heartbeat");
            return true;
        }
        if (cfg.witnessConfigured()) {
            if (witness == null) {
                requestWitness();
                return false;
            }
            if (!witness) {
                log(Action.Level.INFO, "Action wait from failover rule splitbrain_failure");
                toWait("split-brain witness unreachable");
                return true;
            }
        }
        log(Action.Level.INFO, "Remote state UNKNOWN");
        log(Action.Level.INFO, "Action alone called by heart: no heartbeat");
        takeOver("no heartbeat");
        return true;
    }

    private void requestWitness() {
        if (!witnessPending && witness == null) {
            witnessPending = true;
            emit(new Action.CheckWitness(++witnessRequestId));
        }
    }

    // ---------------------------------------------------------------- moves (plans)

    private void startModule(Intent startIntent) {
        intent = startIntent;
        startedAfterCleanStop = gen.cleanStop();
        gen = gen.withCleanStop(false);
        persist();
        waitReason = null;
        enter(State.WAIT, Qualifier.TRANSIENT, "start");
        startupUntilMs = now + cfg.startupPeerWaitMs();
        emit(new Action.ScheduleTimer(Event.TimerKind.STARTUP, startupUntilMs));
        begin(State.STOP, false, ScriptPlans.startToWait());
    }

    private void becomeAlone(String cause) {
        begin(State.WAIT, false,
                run(() -> {
                    enter(State.ALONE, Qualifier.TRANSIENT, cause);
                    gen = gen.startNew(cfg.nodeName(), now, false, State.ALONE).withResyncInProgress(false);
                    persist();
                    setFilter(READ_WRITE);
                    setVip(true);
                }),
                ScriptPlans.waitToAlone(),
                run(() -> aloneReady("start_prim done")));
    }

    private void aloneReady(String cause) {
        intent = Intent.AUTO;
        if (gen.lastRole() != State.ALONE) {
            gen = gen.withLastRole(State.ALONE);
            persist();
        }
        emit(new Action.SetResource("rfs.uptodate", "up"));
        enter(State.ALONE, Qualifier.READY, cause);
    }

    /** PRIM (or ALONE serving a secondary) loses it: block writes, new generation, then the gate. */
    private void aloneGated(String cause) {
        State from = state;
        begin(from, false,
                run(() -> {
                    enter(State.ALONE, Qualifier.TRANSIENT, cause);
                    gateStartedMs = now;
                    setFilter(WRITES_BLOCKED);
                    stopReplication();
                    // lastRole stays as it was until the gate opens: a node fenced here never served alone.
                    gen = gen.startNew(cfg.nodeName(), now, false, gen.lastRole());
                    persist();
                }),
                List.of(new Step.Gate()),
                run(() -> {
                    fenced = false;
                    setFilter(READ_WRITE);
                }),
                from == State.PRIM ? ScriptPlans.primToAlone() : List.of(),
                run(() -> aloneReady(cause)));
    }

    private void becomePrim() {
        begin(State.ALONE, false,
                run(() -> {
                    enter(State.PRIM, Qualifier.TRANSIENT, "remote SECOND ready");
                    gen = gen.withSyncPoint(gen.current()).withLastRole(State.PRIM);
                    persist();
                }),
                ScriptPlans.aloneToPrim(),
                run(() -> {
                    fullSyncServe = false;
                    emit(new Action.SetResource("rfs.degraded", "down"));
                    enter(State.PRIM, Qualifier.READY, "mirroring");
                }));
    }

    private void becomeSecond(String cause) {
        begin(State.WAIT, false,
                run(() -> {
                    enter(State.SECOND, Qualifier.TRANSIENT, cause);
                    setFilter(READ_ONLY);
                }),
                ScriptPlans.waitToSecond());
    }

    /** SECOND(Transient) asks the primary for a resync; persisted "resync in progress" comes first. */
    private void startJoin(Announcement primary) {
        Lineage lineage = Lineage.compare(gen, primary.generations());
        if (lineage == Lineage.DIVERGED || lineage == Lineage.LOCAL_NEWER) {
            log(Action.Level.WARN, "Split brain: data of this node (generation " + gen.shortId()
                    + ") diverge from primary " + cfg.peerName() + " (" + primary.generations().shortId()
                    + "); they are saved before reintegration");
            emit(new Action.ReportSplitBrain(true, gen.shortId(), primary.generations().shortId()));
        }
        Action.ResyncMode mode = Election.resyncMode(gen, primary.generations(),
                fullSyncWanted || primary.fullSyncRequested() || lineage != Lineage.PEER_NEWER && lineage != Lineage.EQUAL);
        fullSyncWanted = mode == Action.ResyncMode.FULL;
        handover = false;
        joinStarted = true;
        resyncActive = true;
        resyncPercent = 0;
        gen = gen.withResyncInProgress(true);
        persist();
        log(Action.Level.INFO, "Updating directory tree from " + cfg.peerName() + " (" + mode.name().toLowerCase() + ")");
        startReplication(Action.Role.TARGET);
        emit(new Action.StartResync(Action.Role.TARGET, mode));
    }

    private void takeOver(String cause) {
        begin(State.SECOND, false,
                run(() -> enter(State.ALONE, Qualifier.TRANSIENT, cause)),
                ScriptPlans.secondToAloneStop(),
                run(() -> {
                    stopReplication();
                    gen = gen.startNew(cfg.nodeName(), now, true, State.ALONE);
                    persist();
                    setFilter(READ_WRITE);
                    setVip(true);
                }),
                ScriptPlans.secondToAloneStart(),
                run(() -> aloneReady("start_prim done")));
    }

    /** Swap, primary side: stop the application, hand the data over, then rejoin as secondary. */
    private void beginHandover(String cause) {
        log(Action.Level.INFO, "Begin of Swap");
        begin(State.PRIM, false,
                run(() -> {
                    enter(State.SECOND, Qualifier.TRANSIENT, cause);
                    setVip(false);
                }),
                ScriptPlans.primaryToSecondStop(State.PRIM),
                run(() -> {
                    stopReplication();
                    setFilter(READ_ONLY);
                    gen = gen.withLastRole(State.SECOND);
                    persist();
                    handover = true;
                }),
                ScriptPlans.primaryToSecondStart());
    }

    private void beginRestart(String cause) {
        State in = state;
        begin(in, false,
                run(() -> enter(in, Qualifier.TRANSIENT, cause)),
                ScriptPlans.restart(in),
                run(() -> enter(in, Qualifier.READY, "restart done")));
    }

    private void toWait(String cause) {
        beginStop("stopwait", false, true, cause);
    }

    private void fenceToWait() {
        log(Action.Level.INFO, "Action wait from failover rule splitbrain_failure");
        toWait("fenced: no heartbeat and split-brain witness unreachable");
    }

    /** Stop to WAIT (and on to STOP unless {@code toWaitOnly}), in SafeKit's script order. */
    private void beginStop(String action, boolean thenStart, boolean toWaitOnly, String cause) {
        State from = state;
        List<Step> tail = new ArrayList<>();
        if (toWaitOnly) {
            tail.addAll(run(() -> {
                waitReason = cause;
                enter(State.WAIT, Qualifier.NOT_READY, cause);
            }));
        } else {
            tail.addAll(ScriptPlans.waitToStop(action));
            tail.addAll(run(() -> {
                Announcement last = peers.lastKnown();
                boolean peerInARole = last != null && last.state() != State.STOP && last.state() != State.WAIT;
                if (peerInARole && gen.lastRole() == State.ALONE) {
                    // The peer was resyncing, in sync or took over: it may carry on alone, so this node must not
                    // restart alone.
                    gen = gen.withLastRole(State.PRIM);
                }
                gen = gen.withCleanStop(true);
                persist();
                intent = Intent.AUTO;
                enter(State.STOP, Qualifier.NOT_READY, cause);
                startQueued = thenStart;
            }));
        }
        begin(from, true,
                run(() -> {
                    enter(State.WAIT, Qualifier.TRANSIENT, cause);
                    setVip(false);
                }),
                ScriptPlans.stopToWait(from, action),
                run(() -> {
                    if (resyncActive) {
                        emit(new Action.StopResync());
                        resyncActive = false;
                    }
                    stopReplication();
                    servingResync = false;
                    joinStarted = false;
                    handover = false;
                    swapRequested = false;
                    fenced = false;
                    setFilter(UNMOUNTED);
                }),
                from == State.WAIT || from == State.STOP ? List.<Step>of()
                        : List.of(new Step.Script("transition", State.WAIT, action, false, false)),
                tail);
    }

    /** Immediate stop without scripts: forcestop, persist failure, or a bug. */
    private void forceStop(String cause) {
        abortPlan();
        setVip(false);
        if (resyncActive) {
            emit(new Action.StopResync());
            resyncActive = false;
        }
        stopReplication();
        servingResync = false;
        joinStarted = false;
        fenced = false;
        setFilter(UNMOUNTED);
        intent = Intent.AUTO;
        enter(State.STOP, Qualifier.NOT_READY, cause);
    }

    private void safeStop(String bug) {
        out.add(new Action.Log(Action.Level.ERROR, "BUG: " + bug + "; stopping the module"));
        kind = EventKind.FORCESTOP;
        forceStop("illegal move");
    }

    // ---------------------------------------------------------------- plan runner

    @SafeVarargs
    private void begin(State from, boolean isStop, List<? extends Step>... parts) {
        Check.that(!planActive, "a plan is already running in %s", display());
        plan.clear();
        for (List<? extends Step> part : parts) {
            plan.addAll(part);
        }
        planActive = true;
        planIsStop = isStop;
        planFrom = from;
        planBegunByCommand = !reconciling;
    }

    private static List<Step> run(Runnable body) {
        return List.of(new Step.Run("run", body));
    }

    private void abortPlan() {
        if (running != null) {
            emit(new Action.KillScript(runningId, running.name()));
            running = null;
        }
        plan.clear();
        planActive = false;
        planIsStop = false;
    }

    private void advancePlan() {
        while (!plan.isEmpty()) {
            Step next = plan.peekFirst();
            switch (next) {
                case Step.Run r -> {
                    plan.pollFirst();
                    r.body().run();
                }
                case Step.Script s -> {
                    if (running == null) {
                        startScript(s);
                    }
                    return;
                }
                case Step.Gate g -> {
                    GateResult result = gate();
                    if (result == GateResult.WAIT) {
                        return;
                    }
                    plan.pollFirst();
                    if (result == GateResult.FAILED) {
                        planActive = false;
                        plan.clear();
                        fenceToWait();
                        return;
                    }
                }
            }
        }
        planActive = false;
        planIsStop = false;
    }

    /** The ALONE gate: may this primary accept writes without its former in-sync secondary? */
    private GateResult gate() {
        boolean silentForFenceDelay = now - peers.lastEchoMs() >= cfg.fenceDelayMs();
        Announcement peer = peers.visiblePeer(now);
        // A resyncing SECOND may have completed after the announcement we hold; one still waiting to
        // join (or handing over for a swap) cannot take over.
        boolean peerInSync = peer != null && peer.state() == State.SECOND
                && (peer.qualifier() == Qualifier.READY || peer.joinRequested());
        if (peer != null && !silentForFenceDelay) {
            boolean sawOurNewGeneration = peers.latestAnnouncementEchoMs() >= gateStartedMs;
            if (!peerInSync || sawOurNewGeneration && peer.qualifier() != Qualifier.READY) {
                // Not a SECOND, or a resyncing one that already saw this gate (our replication is stopped,
                // so its resync cannot complete any more).
                return GateResult.RELEASED;
            }
            return GateResult.WAIT;
        }
        if (cfg.witnessConfigured()) {
            if (witness == null) {
                requestWitness();
                return GateResult.WAIT;
            }
            return witness ? GateResult.RELEASED : GateResult.FAILED;
        }
        return peerInSync ? GateResult.WAIT : GateResult.RELEASED;
    }

    private void startScript(Step.Script s) {
        runningId = ++scriptSeq;
        running = s;
        List<String> args = new ArrayList<>();
        if (s.force()) {
            args.add("force");
        }
        args.add(planFrom.name());
        args.add(s.next().name());
        args.add(s.action());
        emit(new Action.RunScript(runningId, s.name(), args));
        long limit = !s.stop() ? cfg.startScriptTimeoutMs() : s.force() ? cfg.forceStopTimeoutMs() : cfg.niceStopTimeoutMs();
        scriptDeadlineMs = now + limit;
        emit(new Action.ScheduleTimer(Event.TimerKind.SCRIPT, scriptDeadlineMs));
    }

    private void onScriptFinished(Event.ScriptFinished f) {
        if (running == null || f.runId() != runningId) {
            return; // a script we killed or forgot; its end changes nothing
        }
        Step.Script s = running;
        running = null;
        plan.pollFirst();
        if (f.exitCode() != 0) {
            log(Action.Level.ERROR, "Script " + s.name() + " exited with code " + f.exitCode());
            if (!s.stop() && isApplicationStart(s.name()) && !planIsStop) {
                abortPlan();
                beginStop("stop", false, false, s.name() + " failed");
            }
        }
    }

    private void onScriptTimeout() {
        Step.Script s = running;
        emit(new Action.KillScript(runningId, s.name()));
        running = null;
        plan.pollFirst();
        if (s.stop() && !s.force()) {
            log(Action.Level.WARN, "Script " + s.name() + " overran nicestoptimeout: calling it again with force");
            plan.addFirst(new Step.Script(s.name(), s.next(), s.action(), true, true));
        } else {
            log(Action.Level.ERROR, "Script " + s.name() + " killed after its timeout");
            if (!s.stop() && isApplicationStart(s.name()) && !planIsStop) {
                abortPlan();
                beginStop("stop", false, false, s.name() + " timed out");
            }
        }
    }

    private static boolean isApplicationStart(String script) {
        return script.equals("start_prim") || script.equals("start_second");
    }

    // ---------------------------------------------------------------- small emitters

    private void enter(State to, Qualifier q, String cause) {
        if (to == state && q == qualifier) {
            return;
        }
        boolean allowed = reconciling ? TransitionTable.allowsFromFacts(state, to) : TransitionTable.allows(state, kind, to);
        if (!allowed) {
            throw new IllegalMove("illegal transition " + state + " -> " + to + " on " + kind + " (" + cause + ")");
        }
        String from = display();
        if (to != State.WAIT) {
            startedAfterCleanStop = false; // "stopped cleanly as ALONE" only speaks for the first decision after start
        }
        if (state == State.SECOND && (to != State.SECOND || q != Qualifier.READY)) {
            swapRequested = false;
        }
        if (to == State.WAIT && state != State.WAIT) {
            waitEnteredMs = now;
        }
        state = to;
        qualifier = q;
        out.add(new Action.Log(Action.Level.INFO, cfg.nodeName() + ": " + from + " -> " + display() + " (" + cause + ")"));
    }

    private String display() {
        return state + "(" + qualifier.display() + ")";
    }

    private void setFilter(Action.FilterMode mode) {
        if (filter != mode) {
            filter = mode;
            emit(new Action.SetFilter(mode));
        }
    }

    private void setVip(boolean on) {
        if (vip != on) {
            vip = on;
            emit(new Action.SetVip(on));
        }
    }

    private void startReplication(Action.Role role) {
        replicationActive = true;
        emit(new Action.StartReplication(role));
    }

    private void stopReplication() {
        servingResync = false;
        if (replicationActive) {
            replicationActive = false;
            replicationUp = false;
            emit(new Action.StopReplication());
        }
    }

    private void persist() {
        emit(new Action.PersistGeneration(gen));
    }

    private void log(Action.Level level, String message) {
        emit(new Action.Log(level, message));
    }

    private void emit(Action a) {
        out.add(a);
    }

    private void trackNetworks() {
        Set<String> up = new LinkedHashSet<>();
        for (String n : peers.networks()) {
            if (peers.networkUp(n, now)) {
                up.add(n);
            }
        }
        for (String n : peers.networks()) {
            if (up.contains(n) != upNetworks.contains(n)) {
                String value = up.contains(n) ? "up" : "down";
                emit(new Action.SetResource("heartbeat." + n, value));
                log(Action.Level.INFO, "Resource heartbeat." + n + " set to " + value + " by heart");
            }
        }
        upNetworks = up;
    }

    private void scheduleHeartbeatTimer() {
        long next = peers.nextExpiryMs(now);
        long lease = peers.lastEchoMs() + cfg.fenceDelayMs();
        if (peers.lastEchoMs() >= 0 && lease > now) {
            next = Math.min(next, lease);
        }
        if (next != Long.MAX_VALUE && next != scheduledHeartbeatMs) {
            scheduledHeartbeatMs = next;
            emit(new Action.ScheduleTimer(Event.TimerKind.HEARTBEAT, next));
        }
    }

    private void publish() {
        boolean join = intent == Intent.SECONDARY && state == State.WAIT
                || state == State.SECOND && qualifier != Qualifier.READY && joinStarted;
        Announcement a = new Announcement(state, qualifier, filter == READ_WRITE, GenerationView.of(gen),
                handover && filter != READ_WRITE, swapRequested, join, join ? fullSyncWanted : fullSyncServe);
        if (!a.equals(published)) {
            published = a;
            emit(new Action.PublishState(a));
        }
    }
}

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
 * <p>Code layers (one concern per file): {@code EngineCore} (facts, plan runner, emitters) &lt;-
 * {@code EngineMoves} (the plans) &lt;- {@code EngineDecisions} (the reconciler) &lt;- this class
 * (API, events, commands, checkers, safety reactions).
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
public final class Engine extends EngineDecisions {

    public Engine(EngineConfig config, Generations persisted) {
        super(config, persisted);
    }

    /** Reason the current step's command was refused; reset at each step. */
    private String refusal;

    /**
     * Handles one event at {@code nowMs} (the driver's monotonic clock, never decreasing) and
     * returns the actions to execute, in order.
     */
    public List<Action> step(Event event, long nowMs) {
        Check.argument(nowMs >= now, "engine time went backwards: %d after %d", nowMs, now);
        out = new ArrayList<>();
        refusal = null;
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
        refusal = refusal == null ? why : refusal + "; " + why;
        log(Action.Level.ERROR, "Command " + cmd.verb() + " refused: " + why);
    }

    /**
     * Why the command of the last {@link #step} was refused (it changed nothing), or empty when it
     * was accepted or the last event was not a command. Drivers answer the operator with it.
     */
    public java.util.Optional<String> lastRefusal() {
        return java.util.Optional.ofNullable(refusal);
    }

    private boolean maxLoopExceeded(String identity) {
        if (loops.countAndCheck(now) && state != State.STOP) {
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
                if (state != State.STOP && state != State.WAIT && !planIsStop && !maxLoopExceeded(r.resource())) {
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

}

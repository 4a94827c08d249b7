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

/** The plans: each move of the engine as an ordered list of steps (see {@link Engine}). */
abstract class EngineMoves extends EngineCore {

    EngineMoves(EngineConfig config, Generations persisted) {
        super(config, persisted);
    }

    void startModule(Intent startIntent) {
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

    void becomeAlone(String cause) {
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

    void aloneReady(String cause) {
        intent = Intent.AUTO;
        if (gen.lastRole() != State.ALONE) {
            gen = gen.withLastRole(State.ALONE);
            persist();
        }
        emit(new Action.SetResource("rfs.uptodate", "up"));
        enter(State.ALONE, Qualifier.READY, cause);
    }

    /** PRIM (or ALONE serving a secondary) loses it: block writes, new generation, then the gate. */
    void aloneGated(String cause) {
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

    void becomePrim() {
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

    void becomeSecond(String cause) {
        begin(State.WAIT, false,
                run(() -> {
                    enter(State.SECOND, Qualifier.TRANSIENT, cause);
                    setFilter(READ_ONLY);
                }),
                ScriptPlans.waitToSecond());
    }

    /** SECOND(Transient) asks the primary for a resync; persisted "resync in progress" comes first. */
    void startJoin(Announcement primary) {
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

    void takeOver(String cause) {
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
    void beginHandover(String cause) {
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

    void beginRestart(String cause) {
        State in = state;
        begin(in, false,
                run(() -> enter(in, Qualifier.TRANSIENT, cause)),
                ScriptPlans.restart(in),
                run(() -> enter(in, Qualifier.READY, "restart done")));
    }

    void toWait(String cause) {
        beginStop("stopwait", false, true, cause);
    }

    void fenceToWait() {
        log(Action.Level.INFO, "Action wait from failover rule splitbrain_failure");
        toWait("fenced: no heartbeat and split-brain witness unreachable");
    }

    /** Stop to WAIT (and on to STOP unless {@code toWaitOnly}), in SafeKit's script order. */
    void beginStop(String action, boolean thenStart, boolean toWaitOnly, String cause) {
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
    void forceStop(String cause) {
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

    void safeStop(String bug) {
        out.add(new Action.Log(Action.Level.ERROR, "BUG: " + bug + "; stopping the module"));
        kind = EventKind.FORCESTOP;
        forceStop("illegal move");
    }

    void resolvePrimaryConflict(Announcement peer) {
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

}

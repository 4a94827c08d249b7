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
 * The engine's state and machinery: facts, the plan runner (scripts waited for, stop scripts
 * forced after their timeout, gates) and the small emitters that keep fields and actions in step.
 * Layers: {@code EngineCore} <- {@link EngineMoves} (the plans) <- {@link EngineDecisions} (the
 * reconciler) <- {@link Engine} (API, events, commands, safety). See {@link Engine} for the design.
 */
abstract class EngineCore {
    final EngineConfig cfg;
    final PeerTracker peers;
    final LoopCounter loops;

    Generations gen;
    State state = State.STOP;
    Qualifier qualifier = Qualifier.NOT_READY;
    boolean failoverOn;

    // Facts
    boolean replicationActive;
    boolean replicationUp;
    boolean servingResync;
    boolean joinStarted;
    boolean resyncActive;
    int resyncPercent = -1;
    Boolean witness;
    boolean witnessPending;
    long witnessRequestId;
    boolean fenced;
    Action.FilterMode filter = UNMOUNTED;
    boolean vip;
    final Set<String> waitingOn = new TreeSet<>();
    Intent intent = Intent.AUTO;
    boolean fullSyncServe;
    boolean fullSyncWanted;
    boolean handover;
    boolean swapRequested;
    boolean startedAfterCleanStop;
    long startupUntilMs;
    boolean splitBrainLogged;
    String waitReason;
    Set<String> upNetworks = new LinkedHashSet<>();

    // Plan in progress
    final Deque<Step> plan = new ArrayDeque<>();
    boolean planActive;
    boolean planIsStop;
    State planFrom = State.STOP;
    Step.Script running;
    long runningId;
    long scriptSeq;
    long scriptDeadlineMs;
    boolean stopQueued;
    boolean startQueued;

    // Output bookkeeping
    long scheduledHeartbeatMs = -1;
    Announcement published;
    List<Action> out = new ArrayList<>();
    long now = Long.MIN_VALUE;
    EventKind kind = EventKind.START;
    boolean reconciling;
    boolean planBegunByCommand;
    long gateStartedMs;
    long waitEnteredMs;

    enum Intent { AUTO, PRIMARY, SECONDARY }

    enum GateResult { WAIT, RELEASED, FAILED }

    /** A thrown move outside {@link TransitionTable}: caught in {@link #step}, which stops the module. */
    static final class IllegalMove extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IllegalMove(String message) {
            super(message);
        }
    }

    EngineCore(EngineConfig config, Generations persisted) {
        this.cfg = config;
        this.gen = persisted;
        this.failoverOn = config.failover();
        this.peers = new PeerTracker(config.networks(), config.heartbeatTimeoutMs());
        this.loops = new LoopCounter(config.maxLoop(), config.loopIntervalMs());
    }

    /** The gate failed (witness unreachable): stop to WAIT. */
    abstract void fenceToWait();

    /** Stop to WAIT (and on to STOP unless {@code toWaitOnly}). */
    abstract void beginStop(String action, boolean thenStart, boolean toWaitOnly, String cause);

    /** True while the last thing we heard is the peer as secondary: it may be in sync and take over. */
    boolean peerMayTakeOver() {
        Announcement last = peers.lastKnown();
        return last != null && last.state() == State.SECOND && peers.lastEchoMs() >= 0;
    }

    void requestWitness() {
        if (!witnessPending && witness == null) {
            witnessPending = true;
            emit(new Action.CheckWitness(++witnessRequestId));
        }
    }

    // ---------------------------------------------------------------- plan runner

    @SafeVarargs
    final void begin(State from, boolean isStop, List<? extends Step>... parts) {
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

    static List<Step> run(Runnable body) {
        return List.of(new Step.Run("run", body));
    }

    void abortPlan() {
        if (running != null) {
            emit(new Action.KillScript(runningId, running.name()));
            running = null;
        }
        plan.clear();
        planActive = false;
        planIsStop = false;
    }

    void advancePlan() {
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
                        // No write was accepted under the gate's generation: keep the parent, so the
                        // peer that took over is simply newer (no false split brain).
                        gen = gen.rollBack();
                        persist();
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
    GateResult gate() {
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

    void startScript(Step.Script s) {
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

    void onScriptFinished(Event.ScriptFinished f) {
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

    void onScriptTimeout() {
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

    static boolean isApplicationStart(String script) {
        return script.equals("start_prim") || script.equals("start_second");
    }

    // ---------------------------------------------------------------- small emitters

    void enter(State to, Qualifier q, String cause) {
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

    String display() {
        return state + "(" + qualifier.display() + ")";
    }

    void setFilter(Action.FilterMode mode) {
        if (filter != mode) {
            filter = mode;
            emit(new Action.SetFilter(mode));
        }
    }

    void setVip(boolean on) {
        if (vip != on) {
            vip = on;
            emit(new Action.SetVip(on));
        }
    }

    void startReplication(Action.Role role) {
        replicationActive = true;
        emit(new Action.StartReplication(role));
    }

    void stopReplication() {
        servingResync = false;
        if (replicationActive) {
            replicationActive = false;
            replicationUp = false;
            emit(new Action.StopReplication());
        }
    }

    void persist() {
        emit(new Action.PersistGeneration(gen));
    }

    void log(Action.Level level, String message) {
        emit(new Action.Log(level, message));
    }

    void emit(Action a) {
        out.add(a);
    }

    void trackNetworks() {
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

    void scheduleHeartbeatTimer() {
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

    void publish() {
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

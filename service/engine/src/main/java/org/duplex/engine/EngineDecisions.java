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

/** The reconciler: with no plan running, look at the facts and start the next move (see {@link Engine}). */
abstract class EngineDecisions extends EngineMoves {

    EngineDecisions(EngineConfig config, Generations persisted) {
        super(config, persisted);
    }

    void settle() {
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
    boolean decide() {
        return switch (state) {
            case STOP -> false;
            case WAIT -> decideWait();
            case ALONE -> decideAlone();
            case PRIM -> decidePrim();
            case SECOND -> decideSecond();
        };
    }

    boolean decideWait() {
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

    boolean notUptodate() {
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
    boolean waitNotReady(String reason) {
        if (reason.equals(waitReason) && qualifier == Qualifier.NOT_READY) {
            return false;
        }
        waitReason = reason;
        enter(State.WAIT, Qualifier.NOT_READY, reason);
        return true;
    }

    boolean decideAlone() {
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

    boolean decidePrim() {
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

    boolean isMyInSyncSecond(Announcement peer) {
        return peer.state() == State.SECOND && peer.qualifier() == Qualifier.READY
                && peer.generations().current() != null && peer.generations().current().equals(gen.current());
    }

    boolean decideSecond() {
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

}

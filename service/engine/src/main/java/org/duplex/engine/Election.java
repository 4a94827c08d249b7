package org.duplex.engine;

import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Generations;
import org.duplex.engine.generation.Lineage;

/**
 * Who should be primary, decided from generations alone (pure). Every rule is antisymmetric:
 * both nodes evaluate it with the arguments swapped and reach opposite answers, so two nodes
 * that see each other never both decide to lead.
 */
final class Election {
    private Election() {}

    /** This node's data may serve as primary without an operator's force. */
    static boolean usable(Generations g) {
        return g.hasData() && !g.resyncInProgress();
    }

    static boolean usable(GenerationView g) {
        return g.current() != null && !g.resyncInProgress();
    }

    /**
     * Both nodes are up, neither is primary, this one is in WAIT: should it start as primary?
     * The peer joins as secondary once it sees this node primary.
     */
    static boolean leadsFromWait(EngineConfig cfg, Generations local, Announcement peer) {
        if (!usable(local)) {
            return false;
        }
        GenerationView p = peer.generations();
        Lineage lineage = Lineage.compare(local, p);
        if (peer.state() == State.STOP) {
            // The peer stopped: take its place only with data at least as new (SafeKit "remote stop"),
            // and never with failover="off" (the administrator decides).
            return cfg.failover() && (lineage == Lineage.EQUAL || lineage == Lineage.LOCAL_NEWER || !usable(p));
        }
        // A secondary asking to join, or one that handed over for a swap, waits for a primary; a SECOND
        // that is merely Transient (restarting its scripts) is still in sync and may take over itself.
        boolean peerWaitsForAPrimary = peer.joinRequested() || peer.state() == State.SECOND && peer.handover();
        if (peerWaitsForAPrimary || !usable(p)) {
            return true;
        }
        if (peer.state() != State.WAIT) {
            return false;
        }
        return switch (lineage) {
            case LOCAL_NEWER -> true;
            case PEER_NEWER, BOTH_EMPTY -> false;
            case EQUAL -> winsTie(cfg, local, p);
            case DIVERGED -> winsSplitBrain(cfg, local, p);
        };
    }

    /** Equal data: defaultprim's named node, else the node that was primary last, else the smaller name. */
    static boolean winsTie(EngineConfig cfg, Generations local, GenerationView peer) {
        if (cfg.defaultPrimIsNode()) {
            if (cfg.defaultPrim().equals(cfg.nodeName())) {
                return true;
            }
            if (cfg.defaultPrim().equals(cfg.peerName())) {
                return false;
            }
        }
        boolean localWasPrimary = local.lastRole().isPrimary();
        boolean peerWasPrimary = peer.lastRole().isPrimary();
        if (localWasPrimary != peerWasPrimary) {
            return localWasPrimary;
        }
        return cfg.nodeName().compareTo(cfg.peerName()) < 0;
    }

    /**
     * Diverged data: which side keeps its data and serves as source. SafeKit sacrifices the former
     * SECOND (safekit-behaviour.md §4.5): a generation started by a failover loses against one started
     * by the node that was primary; equal standing falls back to the smaller node name. The loser's
     * divergent data are saved, never dropped ({@link Action.ReportSplitBrain}).
     */
    static boolean winsSplitBrain(EngineConfig cfg, Generations local, GenerationView peer) {
        if (local.createdByFailover() != peer.createdByFailover()) {
            return !local.createdByFailover();
        }
        return cfg.nodeName().compareTo(cfg.peerName()) < 0;
    }

    /** The resync a joining secondary needs from this primary's generations. */
    static Action.ResyncMode resyncMode(Generations target, GenerationView source, boolean fullRequested) {
        boolean incremental = !fullRequested && usable(target) && source.knows(target.current());
        return incremental ? Action.ResyncMode.INCREMENTAL : Action.ResyncMode.FULL;
    }
}

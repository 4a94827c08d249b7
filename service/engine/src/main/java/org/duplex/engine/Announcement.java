package org.duplex.engine;

import org.duplex.engine.generation.GenerationView;

/**
 * What a node tells its peer in every heartbeat (SafeKit carries states and resources the same
 * way, safekit-behaviour.md §2.2). The engine publishes it with {@code Action.PublishState}; the
 * heartbeat driver sends the latest one and hands the peer's back in {@code Event.Heartbeat}.
 *
 * @param state             the sender's state
 * @param qualifier         its qualifier
 * @param writable          its filter accepts application writes right now
 * @param generations       its data generations
 * @param handover          it stopped as primary for a swap: the peer should take over now
 * @param swapRequested     an operator asked this (secondary) node to swap
 * @param joinRequested     it waits, as secondary, for the primary to serve it a resync
 * @param fullSyncRequested the resync it asks for (or, on a primary after primforce, any resync it serves) must be full
 */
public record Announcement(
        State state,
        Qualifier qualifier,
        boolean writable,
        GenerationView generations,
        boolean handover,
        boolean swapRequested,
        boolean joinRequested,
        boolean fullSyncRequested) {

    /** ALONE or PRIM, or writable: this peer is, or may be about to act as, a primary. */
    public boolean actsAsPrimary() {
        return state.isPrimary() || writable;
    }

    @Override
    public String toString() {
        return state + "(" + qualifier.display() + ")" + (writable ? " rw" : "") + " gen " + generations.shortId()
                + (handover ? " handover" : "") + (swapRequested ? " swap?" : "") + (joinRequested ? " join" : "")
                + (fullSyncRequested ? " full" : "");
    }
}

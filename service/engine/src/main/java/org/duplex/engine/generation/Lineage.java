package org.duplex.engine.generation;

/**
 * How two nodes' data relate, from their generations alone (pure; DESIGN.md "Data generations").
 * Equal means in sync; an ancestor relation names the source of an incremental resync; diverged
 * is a split brain that must be reported and never resolved by silently dropping data.
 */
public enum Lineage {
    /** Neither node has data: first start, the operator must say which node is good ({@code prim}). */
    BOTH_EMPTY,
    /** Same current generation: in sync. */
    EQUAL,
    /** The peer's data is an older state of ours (or the peer has none): we are the source. */
    LOCAL_NEWER,
    /** Our data is an older state of the peer's (or we have none): the peer is the source. */
    PEER_NEWER,
    /** Both wrote alone since their last common generation: split brain. */
    DIVERGED;

    public static Lineage compare(Generations local, GenerationView peer) {
        boolean localHas = local.hasData();
        boolean peerHas = peer.current() != null;
        if (!localHas && !peerHas) {
            return BOTH_EMPTY;
        }
        if (!peerHas) {
            return LOCAL_NEWER;
        }
        if (!localHas) {
            return PEER_NEWER;
        }
        if (local.current().equals(peer.current())) {
            return EQUAL;
        }
        if (local.history().contains(peer.current())) {
            return LOCAL_NEWER;
        }
        if (peer.history().contains(local.current())) {
            return PEER_NEWER;
        }
        return DIVERGED;
    }
}

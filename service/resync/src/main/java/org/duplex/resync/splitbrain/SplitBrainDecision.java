package org.duplex.resync.splitbrain;

/**
 * Who keeps their data after a split brain (diverged data generations, detected by the engine).
 * Pure: the same facts give the same answer on both nodes, so both agree without talking.
 */
public final class SplitBrainDecision {
    private SplitBrainDecision() {}

    /**
     * What one node knows about a side.
     *
     * @param primaryLast  this side was primary (ALONE/PRIM) most recently before the reconnect
     * @param changedBytes bytes recorded dirty while apart (dirty blocks x 4 KiB)
     */
    public record Side(String node, boolean primaryLast, long changedBytes) {}

    public enum Outcome {
        /** This node's data survives: it becomes the resync source. */
        KEEP_LOCAL,
        /** The peer's data survives: save the divergent files here, then become the resync target. */
        KEEP_PEER,
        /** No automatic choice (MANUAL, or a tie on every criterion): wait for the operator. */
        WAIT_FOR_OPERATOR
    }

    public static Outcome decide(SplitBrainPolicy policy, Side local, Side peer) {
        return switch (policy) {
            case MANUAL -> Outcome.WAIT_FOR_OPERATOR;
            case KEEP_LAST_PRIMARY -> firstDecisive(byLastPrimary(local, peer), byChanges(local, peer));
            case KEEP_MORE_CHANGES -> firstDecisive(byChanges(local, peer), byLastPrimary(local, peer));
        };
    }

    private static Outcome byLastPrimary(Side local, Side peer) {
        if (local.primaryLast() == peer.primaryLast()) {
            return Outcome.WAIT_FOR_OPERATOR;
        }
        return local.primaryLast() ? Outcome.KEEP_LOCAL : Outcome.KEEP_PEER;
    }

    private static Outcome byChanges(Side local, Side peer) {
        int c = Long.compare(local.changedBytes(), peer.changedBytes());
        return c == 0 ? Outcome.WAIT_FOR_OPERATOR : c > 0 ? Outcome.KEEP_LOCAL : Outcome.KEEP_PEER;
    }

    private static Outcome firstDecisive(Outcome first, Outcome second) {
        return first != Outcome.WAIT_FOR_OPERATOR ? first : second;
    }
}

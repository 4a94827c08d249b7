package org.duplex.tests.harness;

import java.util.List;

/**
 * What {@link ClientLedger#verify()} found. A write is <em>acknowledged</em> when COMMIT returned
 * to the client; <em>in doubt</em> when the connection died before the answer (it may or may not
 * be in the database: both are correct). The cluster lost data iff {@link #lost()} is non-empty.
 *
 * @param acknowledged how many ids the client saw committed
 * @param lost acknowledged ids missing from the database (sorted): must be empty
 * @param inDoubt how many writes had no answer (connection lost mid-statement)
 * @param inDoubtPresent how many of those are in the database anyway
 */
public record LedgerVerdict(int acknowledged, List<String> lost, int inDoubt, int inDoubtPresent) {

    public boolean nothingLost() {
        return lost.isEmpty();
    }

    @Override
    public String toString() {
        return acknowledged + " acknowledged, " + lost.size() + " lost" + (lost.isEmpty() ? "" : " " + lost)
                + ", " + inDoubt + " in doubt (" + inDoubtPresent + " of them committed)";
    }
}

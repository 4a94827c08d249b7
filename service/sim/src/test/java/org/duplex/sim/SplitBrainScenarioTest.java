package org.duplex.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.duplex.engine.CommandKind;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.junit.jupiter.api.Test;

/**
 * Total network loss between the nodes, with and without a split-brain witness
 * (safekit-behaviour.md §4.5, §2.8; DESIGN.md "Split-brain checker").
 */
class SplitBrainScenarioTest {

    private static boolean ready(SimNode n, State s) {
        return n.state() == s && n.qualifier() == Qualifier.READY;
    }

    private static Simulator pairedSim(boolean witness) {
        Simulator sim = new Simulator(7, SimOptions.calm(List.of("default"), witness));
        sim.boot(sim.node(0), true);
        sim.boot(sim.node(1), true);
        sim.runFor(3000);
        sim.command(sim.node(0), CommandKind.PRIM);
        assertThat(sim.runUntil(() -> ready(sim.node(0), State.PRIM) && ready(sim.node(1), State.SECOND),
                sim.now() + 10_000)).isTrue();
        return sim;
    }

    @Test
    void withoutWitnessBothGoAloneAndTheFormerSecondIsSacrificedButItsWritesAreSaved() {
        Simulator sim = pairedSim(false);
        SimNode n1 = sim.node(0);
        SimNode n2 = sim.node(1);
        sim.isolate(-1);
        assertThat(sim.runUntil(() -> ready(n1, State.ALONE) && ready(n2, State.ALONE), sim.now() + 10_000)).isTrue();
        sim.runFor(2000); // both write alone: a real split brain
        sim.heal();
        assertThat(sim.runUntil(() -> ready(n1, State.PRIM) && ready(n2, State.SECOND), sim.now() + 20_000)).isTrue();
        assertThat(sim.engineLog()).contains("n2 Split brain recovery: exiting alone", "n1 Split brain recovery: staying alone");
        assertThat(sim.savedSplitBrainWrites()).as("n2's divergent data saved before its resync").isPositive();
        sim.runFor(500);
        assertThat(sim.acknowledgedMissingOn(n1)).isEmpty();
        assertThat(sim.failure()).isNull();
    }

    @Test
    void withWitnessOnTheSecondarysSideThePrimaryFencesAndTheSecondaryTakesOver() {
        Simulator sim = pairedSim(true);
        SimNode n1 = sim.node(0);
        SimNode n2 = sim.node(1);
        sim.isolate(1);
        assertThat(sim.runUntil(() -> ready(n2, State.ALONE), sim.now() + 10_000)).isTrue();
        assertThat(n1.state()).isEqualTo(State.WAIT);
        assertThat(sim.engineLog()).contains("n1 Action wait from failover rule splitbrain_failure");
        sim.runFor(2000);
        sim.heal();
        assertThat(sim.runUntil(() -> ready(n2, State.PRIM) && ready(n1, State.SECOND), sim.now() + 20_000)).isTrue();
        // n1 accepted no write alone (its gate failed): it is simply older, no split brain, incremental resync.
        assertThat(sim.savedSplitBrainWrites()).isZero();
        assertThat(sim.engineLog()).contains("n1 Updating directory tree from n2 (incremental)");
        sim.runFor(500);
        assertThat(sim.acknowledgedMissingOn(n2)).isEmpty();
        assertThat(sim.failure()).as("never two writers (checked after every event)").isNull();
    }

    @Test
    void withWitnessOnThePrimarysSideTheSecondaryWaits() {
        Simulator sim = pairedSim(true);
        SimNode n1 = sim.node(0);
        SimNode n2 = sim.node(1);
        sim.isolate(0);
        sim.runFor(5000);
        assertThat(ready(n1, State.ALONE)).isTrue();
        assertThat(n2.state()).isEqualTo(State.WAIT);
        sim.heal();
        assertThat(sim.runUntil(() -> ready(n1, State.PRIM) && ready(n2, State.SECOND), sim.now() + 20_000)).isTrue();
        assertThat(sim.failure()).isNull();
    }
}

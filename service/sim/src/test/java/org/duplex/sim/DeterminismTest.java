package org.duplex.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The same seed replays the same run, event for event (what makes -Dsim.seed=N useful). */
class DeterminismTest {

    private static Simulator run(long seed) {
        Simulator sim = new Simulator(seed, SimOptions.swarm(new SplittableRandom(seed ^ 0x5DEECE66DL)));
        sim.runRandom();
        return sim;
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        Simulator a = run(77);
        Simulator b = run(77);
        assertThat(a.engineLog()).isNotEmpty().isEqualTo(b.engineLog());
        assertThat(a.traceText()).isEqualTo(b.traceText());
        assertThat(run(78).engineLog()).isNotEqualTo(a.engineLog());
    }
}

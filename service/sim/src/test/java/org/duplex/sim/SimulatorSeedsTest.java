package org.duplex.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulator over many seeds. {@code -Dsim.seed=N} replays one seed;
 * {@code -Dsim.seeds=100000} runs a long soak (seeds {@code sim.base} .. base+count-1).
 */
class SimulatorSeedsTest {

    @Test
    void everySeedKeepsTheInvariantsAndConverges() {
        Long single = Long.getLong("sim.seed");
        long base = Long.getLong("sim.base", 1);
        long count = single != null ? 1 : Long.getLong("sim.seeds", 1000);
        long first = single != null ? single : base;
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (long seed = first; seed < first + count && failures.size() < 3; seed++) {
            String failure = Simulator.runSeed(seed);
            if (failure != null) {
                failures.add(failure);
            }
        }
        System.out.printf("simulated %d seed(s) from %d in %d ms%n", count, first, (System.nanoTime() - start) / 1_000_000);
        failures.forEach(System.out::println);
        assertThat(failures).as("simulation failures (first one printed with its seed and trace)").isEmpty();
    }
}

package org.duplex.node.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SplitBrainCheckerTest {
    private final List<ResourceChange> changes = new CopyOnWriteArrayList<>();

    @Test
    void upWhenAnyWitnessAnswersOverRealPing() {
        Probe unreachable = timeout -> Probe.ProbeResult.down("witness 1 silent");
        SplitBrainChecker checker = new SplitBrainChecker(List.of(unreachable, new PingProbe("127.0.0.1")),
                Duration.ofSeconds(2), changes::add);

        assertThat(checker.value()).isEqualTo(ResourceValue.INIT);
        assertThat(checker.check()).isEqualTo(ResourceValue.UP);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.resource()).isEqualTo("splitbrain.uptodate");
            assertThat(c.current()).isEqualTo(ResourceValue.UP);
            assertThat(c.action().kind()).isEqualTo(FailureAction.Kind.WAIT);
        });
    }

    @Test
    void pingsOnlyWhenAskedAndReportsOnlyChanges() {
        AtomicInteger pings = new AtomicInteger();
        AtomicBoolean reachable = new AtomicBoolean(false);
        Probe witness = timeout -> {
            pings.incrementAndGet();
            return reachable.get() ? Probe.ProbeResult.up("answers") : Probe.ProbeResult.down("silent");
        };
        SplitBrainChecker checker = new SplitBrainChecker(List.of(witness), Duration.ofSeconds(1), changes::add);
        assertThat(pings).hasValue(0);

        assertThat(checker.check()).isEqualTo(ResourceValue.DOWN);
        assertThat(checker.check()).isEqualTo(ResourceValue.DOWN);
        reachable.set(true);
        assertThat(checker.check()).isEqualTo(ResourceValue.UP);

        assertThat(pings).hasValue(3);
        assertThat(changes).extracting(ResourceChange::current).containsExactly(ResourceValue.DOWN, ResourceValue.UP);
    }
}

package org.duplex.engine.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.duplex.engine.State;
import org.junit.jupiter.api.Test;

class LineageTest {

    private static Generations chain(String node, int steps, Generations from) {
        Generations g = from;
        for (int i = 0; i < steps; i++) {
            g = g.startNew(node, i * 1000L, false, State.ALONE);
        }
        return g;
    }

    @Test
    void equalAncestorAndDivergedAreTold() {
        Generations base = chain("n1", 1, Generations.none());
        Generations ahead = chain("n1", 2, base);
        Generations other = chain("n2", 1, base);
        assertThat(Lineage.compare(base, GenerationView.of(base))).isEqualTo(Lineage.EQUAL);
        assertThat(Lineage.compare(ahead, GenerationView.of(base))).isEqualTo(Lineage.LOCAL_NEWER);
        assertThat(Lineage.compare(base, GenerationView.of(ahead))).isEqualTo(Lineage.PEER_NEWER);
        assertThat(Lineage.compare(ahead, GenerationView.of(other))).isEqualTo(Lineage.DIVERGED);
        assertThat(Lineage.compare(Generations.none(), GenerationView.of(Generations.none()))).isEqualTo(Lineage.BOTH_EMPTY);
        assertThat(Lineage.compare(Generations.none(), GenerationView.of(base))).isEqualTo(Lineage.PEER_NEWER);
    }

    @Property
    void compareIsAntisymmetric(@ForAll @IntRange(max = 5) int common, @ForAll @IntRange(max = 5) int a,
                                @ForAll @IntRange(max = 5) int b) {
        Generations base = chain("n0", common, Generations.none());
        Generations x = chain("n1", a, base);
        Generations y = chain("n2", b, base);
        Lineage xy = Lineage.compare(x, GenerationView.of(y));
        Lineage yx = Lineage.compare(y, GenerationView.of(x));
        assertThat(yx).isEqualTo(switch (xy) {
            case LOCAL_NEWER -> Lineage.PEER_NEWER;
            case PEER_NEWER -> Lineage.LOCAL_NEWER;
            default -> xy;
        });
        if (a > 0 && b > 0) {
            assertThat(xy).isEqualTo(Lineage.DIVERGED);
        }
    }

    @Test
    void newGenerationIdsAreUniqueAndHistoryIsBounded() {
        Generations g = chain("n1", 40, Generations.none());
        assertThat(g.history()).hasSize(Generations.HISTORY_MAX).doesNotHaveDuplicates().doesNotContain(g.current());
        assertThat(g.sequence()).isEqualTo(40);
        Generations adopted = Generations.none().adoptFrom(g.current(), g.history(), false);
        assertThat(Lineage.compare(adopted, GenerationView.of(g))).isEqualTo(Lineage.EQUAL);
        assertThat(adopted.resyncInProgress()).isFalse();
        assertThat(List.copyOf(adopted.history())).isEqualTo(g.history());
    }
}

package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessPrerequisitesTest {

    @Test
    void runsWhenEverythingIsThere() {
        assertThat(HarnessPrerequisites.reasonToSkip(new HarnessPrerequisites.Facts(0, true, true, List.of()))).isEmpty();
    }

    @Test
    void namesEveryMissingPrerequisite() {
        String reason = HarnessPrerequisites.reasonToSkip(
                new HarnessPrerequisites.Facts(1000, false, false, List.of("arping"))).orElseThrow();
        assertThat(reason).contains("needs root").contains("uid 1000").contains("/dev/fuse")
                .contains("ip netns list").contains("missing commands: arping");
    }
}

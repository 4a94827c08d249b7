package org.duplex.node.heartbeat;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private final ReplayGuard guard = new ReplayGuard();

    private static HeartbeatMessage msg(String network, long epoch, long seq) {
        return new HeartbeatMessage("node2", "mirror", network, epoch, seq, new byte[0]);
    }

    @Test
    void increasingSequencesPass() {
        assertThatCode(() -> {
            guard.admit(msg("default", 1, 1));
            guard.admit(msg("default", 1, 2));
            guard.admit(msg("default", 1, 9));
        }).doesNotThrowAnyException();
    }

    @Test
    void sameOrOlderSequenceInTheEpochIsAReplay() throws RejectedPacket {
        guard.admit(msg("default", 1, 5));
        assertThatThrownBy(() -> guard.admit(msg("default", 1, 5))).hasMessageContaining("already seen");
        assertThatThrownBy(() -> guard.admit(msg("default", 1, 4))).hasMessageContaining("already seen");
    }

    @Test
    void newerEpochRestartsSequencesAndOlderEpochIsAReplay() throws RejectedPacket {
        guard.admit(msg("default", 1, 500));
        guard.admit(msg("default", 2, 1));
        assertThatThrownBy(() -> guard.admit(msg("default", 1, 501))).hasMessageContaining("epoch 1 is older");
    }

    @Test
    void networksHaveIndependentSequences() throws RejectedPacket {
        guard.admit(msg("default", 1, 10));
        assertThatCode(() -> guard.admit(msg("private", 1, 1))).doesNotThrowAnyException();
    }
}

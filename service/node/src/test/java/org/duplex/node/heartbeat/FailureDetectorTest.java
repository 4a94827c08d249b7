package org.duplex.node.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplex.node.heartbeat.LivenessChange.NetworkChanged;
import org.duplex.node.heartbeat.LivenessChange.PeerChanged;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
    private static final long SEC = 1_000_000_000L;

    private static FailureDetector twoNetworks() {
        Map<String, Long> timeouts = new LinkedHashMap<>();
        timeouts.put("default", 30 * SEC);
        timeouts.put("private", 10 * SEC);
        return new FailureDetector(timeouts, 0);
    }

    @Test
    void firstHeartbeatBringsNetworkAndPeerUp() {
        FailureDetector fd = twoNetworks();

        assertThat(fd.peer()).isEqualTo(Liveness.UNKNOWN);
        assertThat(fd.heard("default", SEC)).containsExactly(
                new NetworkChanged("default", Liveness.UNKNOWN, Liveness.UP),
                new PeerChanged(Liveness.UNKNOWN, Liveness.UP));
        assertThat(fd.heard("default", 2 * SEC)).isEmpty();
    }

    @Test
    void silentPeerFromStartIsDownOnlyAfterEveryTimeout() {
        FailureDetector fd = twoNetworks();

        assertThat(fd.tick(10 * SEC - 1)).isEmpty();
        assertThat(fd.tick(10 * SEC)).containsExactly(new NetworkChanged("private", Liveness.UNKNOWN, Liveness.DOWN));
        assertThat(fd.peer()).isEqualTo(Liveness.UNKNOWN);
        assertThat(fd.tick(30 * SEC)).containsExactly(
                new NetworkChanged("default", Liveness.UNKNOWN, Liveness.DOWN),
                new PeerChanged(Liveness.UNKNOWN, Liveness.DOWN));
    }

    @Test
    void losingOneOfTwoNetworksIsOnlyANetworkChange() {
        FailureDetector fd = twoNetworks();
        fd.heard("default", 0);
        fd.heard("private", 0);

        fd.heard("default", 9 * SEC);
        List<LivenessChange> changes = fd.tick(10 * SEC);

        assertThat(changes).containsExactly(new NetworkChanged("private", Liveness.UP, Liveness.DOWN));
        assertThat(fd.peer()).isEqualTo(Liveness.UP);
        assertThat(fd.networks()).containsEntry("default", Liveness.UP).containsEntry("private", Liveness.DOWN);
    }

    @Test
    void peerDownWhenTheLastNetworkTimesOutAndUpAgainOnAnyHeartbeat() {
        FailureDetector fd = twoNetworks();
        fd.heard("default", 0);
        fd.heard("private", 0);
        fd.tick(10 * SEC);

        assertThat(fd.tick(30 * SEC - 1)).isEmpty();
        assertThat(fd.tick(30 * SEC)).containsExactly(
                new NetworkChanged("default", Liveness.UP, Liveness.DOWN),
                new PeerChanged(Liveness.UP, Liveness.DOWN));
        assertThat(fd.tick(60 * SEC)).as("DOWN is reported once").isEmpty();
        assertThat(fd.heard("private", 61 * SEC)).containsExactly(
                new NetworkChanged("private", Liveness.DOWN, Liveness.UP),
                new PeerChanged(Liveness.DOWN, Liveness.UP));
    }

    @Test
    void silenceIsMeasuredFromTheLastHeartbeat() {
        FailureDetector fd = twoNetworks();
        fd.heard("default", 5 * SEC);
        assertThat(fd.silenceNanos("default", 7 * SEC)).isEqualTo(2 * SEC);
        assertThat(fd.silenceNanos("private", 7 * SEC)).isEqualTo(7 * SEC);
    }
}

package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.duplex.tests.harness.ClusterHost.CLIENT;
import static org.duplex.tests.harness.ClusterHost.NODE1;
import static org.duplex.tests.harness.ClusterHost.NODE2;
import static org.duplex.tests.harness.ClusterNet.LAN1;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The VIP moves between nodes the way the daemon will move it: del on one, add + gratuitous ARP on
 *  the other; the client follows without flushing anything. */
@ExtendWith(TwoNodeClusterExtension.class)
class VirtualIpTest {

    @Test
    void vipIsUnreachableUntilANodeHoldsItThenFollowsItToTheOtherNode(TestCluster cluster) {
        assertThat(cluster.canReach(CLIENT, cluster.vip())).as("reserved VIP is free at start").isFalse();

        cluster.addVip(NODE1);
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isTrue();
        assertThat(clientSeesVipAt(cluster)).isEqualTo(cluster.mac(NODE1, LAN1));

        cluster.removeVip(NODE1);
        cluster.addVip(NODE2);
        // The gratuitous ARP from node2 updates the client's existing neighbour entry.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.mac(NODE2, LAN1).equals(clientSeesVipAt(cluster)));
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isTrue();
        assertThat(cluster.exec(NODE1, "ip", "-4", "addr", "show", "dev", "lan1").stdout()).doesNotContain(cluster.vip());
    }

    /** The MAC address the client's neighbour table holds for the VIP. */
    private static String clientSeesVipAt(TestCluster cluster) {
        String entry = cluster.exec(CLIENT, "ip", "neigh", "show", cluster.vip()).orThrow().stdout();
        int at = entry.indexOf("lladdr ");
        return at < 0 ? "" : entry.substring(at + 7).split("\\s+")[0];
    }
}

package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.duplex.tests.harness.ClusterHost.CLIENT;
import static org.duplex.tests.harness.ClusterHost.NODE1;
import static org.duplex.tests.harness.ClusterHost.NODE2;
import static org.duplex.tests.harness.ClusterHost.WITNESS;
import static org.duplex.tests.harness.ClusterNet.ALL;
import static org.duplex.tests.harness.ClusterNet.LAN1;
import static org.duplex.tests.harness.ClusterNet.LAN2;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two networks of the harness: who reaches whom, nothing reaches out, cut/heal per network,
 *  and the VIP moving between nodes the way the daemon will move it. */
@ExtendWith(TwoNodeClusterExtension.class)
class ClusterNetworkTest {

    @AfterEach
    void healEverything(TestCluster cluster) {
        cluster.heal();
    }

    @Test
    void nodesReachEachOtherOnBothNetworksAndClientAndWitnessOnLan1(TestCluster cluster) {
        for (ClusterNet net : List.of(LAN1, LAN2)) {
            assertThat(cluster.canReach(NODE1, cluster.address(NODE2, net))).as("node1 -> node2 on " + net).isTrue();
            assertThat(cluster.canReach(NODE2, cluster.address(NODE1, net))).as("node2 -> node1 on " + net).isTrue();
        }
        for (ClusterHost node : List.of(NODE1, NODE2)) {
            assertThat(cluster.canReach(CLIENT, cluster.address(node, LAN1))).as("client -> " + node).isTrue();
            assertThat(cluster.canReach(node, cluster.witness())).as(node + " -> witness").isTrue();
        }
        // The client is on lan1 only: lan2 (heartbeat only) is out of its reach.
        assertThat(cluster.canReach(CLIENT, cluster.address(NODE1, LAN2))).isFalse();
    }

    @Test
    void nothingInsideHasARouteOutOfTheTestNetworks(TestCluster cluster) {
        List<String> hostAddresses = Commands.run(List.of("ip", "-4", "-o", "addr", "show", "scope", "global"),
                Duration.ofSeconds(10)).orThrow().stdout().lines()
                .map(l -> l.split("\\s+")[3].split("/")[0]).toList();
        for (ClusterHost host : ClusterHost.values()) {
            String routes = cluster.exec(host, "ip", "-4", "route", "show").orThrow().stdout();
            assertThat(routes).as(host + " routes").doesNotContain("default").doesNotContain("via");
            for (String address : hostAddresses) {
                ExecResult route = cluster.exec(host, "ip", "route", "get", address);
                assertThat(route.ok()).as(host + " has a route to the root namespace's " + address + ": " + route.stdout())
                        .isFalse();
            }
            assertThat(cluster.canReach(host, "8.8.8.8")).isFalse();
        }
    }

    @Test
    void cuttingOneNodeOffOneNetworkLeavesTheOtherNetworkAndNodesAlone(TestCluster cluster) {
        cluster.cut(LAN2, NODE1);

        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN2))).isFalse();
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN1))).isTrue();
        assertThat(carrier(cluster, NODE1, LAN2)).as("a pulled cable drops the carrier").isEqualTo("0");
        assertThat(cluster.status().stdout()).contains("port node1-lan2: CUT").contains("port node2-lan2: ok");

        cluster.heal(LAN2, NODE1);
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN2))).isTrue();
    }

    @Test
    void aSilentCutOfAWholeNetworkKeepsCarrierButPassesNothing(TestCluster cluster) {
        cluster.cutSilently(LAN1, NODE1);
        cluster.cutSilently(LAN1, NODE2);

        assertThat(carrier(cluster, NODE1, LAN1)).isEqualTo("1");
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN1))).isFalse();
        assertThat(cluster.canReach(NODE2, cluster.witness())).isFalse();
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN2))).as("lan2 untouched").isTrue();

        cluster.heal();
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN1))).isTrue();
    }

    @Test
    void isolatingANodeCutsItFromEverythingWhileTheOthersStillTalk(TestCluster cluster) {
        cluster.cut(ALL, NODE1);

        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN1))).isFalse();
        assertThat(cluster.canReach(NODE1, cluster.address(NODE2, LAN2))).isFalse();
        assertThat(cluster.canReach(NODE1, cluster.witness())).isFalse();
        assertThat(cluster.canReach(NODE2, cluster.witness())).isTrue();
        assertThat(cluster.canReach(CLIENT, cluster.address(NODE2, LAN1))).isTrue();

        cluster.heal();
        assertThat(cluster.canReach(NODE1, cluster.witness())).isTrue();
    }

    @Test
    void cuttingTheWholeLan1CutsTheClientToo(TestCluster cluster) {
        cluster.cut(LAN1);

        assertThat(cluster.canReach(CLIENT, cluster.address(NODE1, LAN1))).isFalse();
        assertThat(cluster.canReach(NODE2, cluster.address(NODE1, LAN2))).isTrue();
    }

    @Test
    void vipIsUnreachableUntilANodeHoldsItThenFollowsItToTheOtherNode(TestCluster cluster) {
        assertThat(cluster.canReach(CLIENT, cluster.vip())).as("reserved VIP is free at start").isFalse();

        cluster.addVip(NODE1);
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isTrue();
        assertThat(clientSeesVipAt(cluster)).isEqualTo(cluster.mac(NODE1, LAN1));

        // del on one node, add + gratuitous ARP on the other: the client follows without flushing.
        cluster.removeVip(NODE1);
        cluster.addVip(NODE2);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.mac(NODE2, LAN1).equals(clientSeesVipAt(cluster)));
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isTrue();
        assertThat(cluster.exec(NODE1, "ip", "-4", "addr", "show", "dev", "lan1").stdout()).doesNotContain(cluster.vip());
        cluster.removeVip(NODE2);
    }

    @Test
    void aCrashedNodeLosesItsProcessesAndFallsSilentUntilItBootsWithoutTheVip(TestCluster cluster) throws Exception {
        cluster.addVip(NODE1);
        Process daemon = cluster.spawn(NODE1, cluster.workDir().resolve("node1-daemon.log"), "sleep", "600");
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isTrue();

        cluster.crash(NODE1);

        assertThat(daemon.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("SIGKILLed").isTrue();
        assertThat(cluster.canReach(CLIENT, cluster.vip())).isFalse();
        assertThat(cluster.canReach(NODE2, cluster.address(NODE1, LAN2))).isFalse();
        assertThat(cluster.canReach(NODE2, cluster.witness())).isTrue();
        assertThat(cluster.status().stdout()).contains("node1: CRASHED");

        cluster.boot(NODE1);

        assertThat(cluster.exec(NODE1, "ip", "-4", "addr", "show", "dev", "lan1").stdout()).doesNotContain(cluster.vip());
        assertThat(cluster.canReach(NODE2, cluster.address(NODE1, LAN2))).isTrue();
        assertThat(cluster.status().stdout()).doesNotContain("CRASHED");
    }

    /** The MAC address the client's neighbour table holds for the VIP. */
    private static String clientSeesVipAt(TestCluster cluster) {
        String entry = cluster.exec(CLIENT, "ip", "neigh", "show", cluster.vip()).orThrow().stdout();
        int at = entry.indexOf("lladdr ");
        return at < 0 ? "" : entry.substring(at + 7).split("\\s+")[0];
    }

    private static String carrier(TestCluster cluster, ClusterHost host, ClusterNet net) {
        return cluster.exec(host, "cat", "/sys/class/net/" + net.id() + "/carrier").stdout().strip();
    }
}

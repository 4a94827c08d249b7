package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.tests.harness.ClusterHost.NODE1;
import static org.duplex.tests.harness.ClusterHost.NODE2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each node sees its own directory at the same replicated path, and its own SAFE and SAFEVAR;
 *  none of it shows on the host. */
@ExtendWith(TwoNodeClusterExtension.class)
class MountIsolationTest {

    @Test
    void eachNodeSeesOnlyItsOwnBackingDataAtTheSharedPath(TestCluster cluster) throws IOException {
        Path shared = cluster.replicatedPath();
        cluster.sh(NODE1, "echo written-on-node1 > " + shared + "/marker");
        cluster.sh(NODE2, "echo written-on-node2 > " + shared + "/marker");

        assertThat(cluster.sh(NODE1, "cat " + shared + "/marker").strip()).isEqualTo("written-on-node1");
        assertThat(cluster.sh(NODE2, "cat " + shared + "/marker").strip()).isEqualTo("written-on-node2");
        assertThat(Files.readString(cluster.backingDir(NODE1).resolve("marker"), StandardCharsets.UTF_8))
                .isEqualTo("written-on-node1\n");
        assertThat(Files.readString(cluster.backingDir(NODE2).resolve("marker"), StandardCharsets.UTF_8))
                .isEqualTo("written-on-node2\n");
    }

    @Test
    void safeAndSafeVarRootsAreTheNodesOwn(TestCluster cluster) {
        for (Path root : List.of(cluster.safeRoot(), cluster.safeVarRoot())) {
            cluster.sh(NODE1, "echo node1 > " + root + "/whoami");
            assertThat(cluster.exec(NODE2, "cat", root + "/whoami").ok()).as(root + " shared between nodes").isFalse();
            assertThat(cluster.sh(NODE1, "cat " + root + "/whoami").strip()).isEqualTo("node1");
        }
    }

    @Test
    void nodeMountsStayInsideTheNodesNamespace(TestCluster cluster) throws IOException {
        String hostMounts = Files.readString(Path.of("/proc/self/mountinfo"));
        for (Path path : List.of(cluster.replicatedPath(), cluster.safeRoot(), cluster.safeVarRoot())) {
            assertThat(hostMounts).as("host mount table").doesNotContain(" " + path + " ");
            assertThat(cluster.sh(NODE1, "findmnt -n -o TARGET " + path).strip()).isEqualTo(path.toString());
        }
        // Mount points missing on the host are made in a node-only overlay: the host stays untouched.
        for (Path path : List.of(cluster.replicatedPath(), cluster.safeRoot(), cluster.safeVarRoot())) {
            if (!Files.exists(path)) {
                assertThat(cluster.sh(NODE1, "test -d " + path + " && echo present").strip()).isEqualTo("present");
            }
        }
    }

    @Test
    void severalReplicatedPathsAreEachBackedPerNode() throws IOException {
        List<Path> paths = List.of(Path.of("/srv/duplex/one"), Path.of("/var/lib/duplex-two"));
        try (TestCluster cluster = TestCluster.up(TwoNodeClusterExtension.uniqueName(), paths)) {
            assertThat(cluster.replicatedPaths()).isEqualTo(paths);
            for (Path path : paths) {
                cluster.sh(NODE2, "echo node2 > " + path + "/f");
                assertThat(cluster.exec(NODE1, "test", "-e", path + "/f").ok()).as(path + " on node1").isFalse();
                assertThat(Files.readString(cluster.backingDir(NODE2, path).resolve("f"))).isEqualTo("node2\n");
            }
        }
    }

    @Test
    void eachNodeSeesItsOwnNetworkInterfacesInSys(TestCluster cluster) {
        assertThat(cluster.sh(NODE1, "ls /sys/class/net").lines().toList()).containsExactlyInAnyOrder("lo", "lan1", "lan2");
    }
}

package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test of its own (its name does not match Surefire's patterns): {@link ClusterCleanupTest}
 * runs it through the JUnit launcher to prove that a test failing midway, with processes running
 * on every host and a server on a node, leaves nothing behind.
 */
@ExtendWith(TwoNodeClusterExtension.class)
class FailsMidwayScenario {

    static volatile String clusterName;
    static final List<Long> processes = new ArrayList<>();

    @Test
    void startsThingsThenFails(TestCluster cluster) {
        clusterName = cluster.name();
        for (ClusterHost host : ClusterHost.values()) {
            Process process = cluster.spawn(host, Path.of(System.getProperty("java.io.tmpdir"),
                    "duplex-" + cluster.name() + "-" + host.id() + ".log"), "sleep", "600");
            processes.add(process.pid());
        }
        assertThat(cluster.replicatedPath()).as("deliberate failure midway").isEqualTo(Path.of("/nowhere"));
    }
}

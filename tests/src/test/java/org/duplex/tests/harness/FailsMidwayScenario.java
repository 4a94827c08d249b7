package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test of its own (its name does not match Surefire's patterns): {@link ClusterCleanupTest}
 * runs it through the JUnit launcher to prove that a test failing midway, with processes running
 * on every host and a FUSE mount left inside a node, leaves nothing behind.
 */
@ExtendWith(TwoNodeClusterExtension.class)
class FailsMidwayScenario {

    static volatile String clusterName;
    static final List<Long> processes = new ArrayList<>();
    static final List<Long> fuseDaemons = new ArrayList<>();
    static volatile boolean fuseMounted;

    @Test
    void startsThingsThenFails(TestCluster cluster) {
        clusterName = cluster.name();
        for (ClusterHost host : ClusterHost.values()) {
            Process process = cluster.spawn(host, cluster.workDir().resolve(host.id() + "-sleep.log"), "sleep", "600");
            processes.add(process.pid());
        }
        // A FUSE file system mounted inside node1 and left there, like a crashed filter would.
        Path fuse = cluster.safeVarRoot().resolve("fuse");
        cluster.sh(ClusterHost.NODE1, "mkdir -p " + fuse + "/lower " + fuse + "/upper " + fuse + "/work " + fuse + "/mnt"
                + " && fuse-overlayfs -o lowerdir=" + fuse + "/lower,upperdir=" + fuse + "/upper,workdir=" + fuse + "/work "
                + fuse + "/mnt");
        fuseMounted = cluster.sh(ClusterHost.NODE1, "cat /proc/self/mountinfo").lines()
                .anyMatch(l -> l.contains(" " + fuse + "/mnt ") && l.contains(" - fuse."));
        fuseDaemons.addAll(Commands.run(List.of("ip", "netns", "pids", "dx-" + cluster.name() + "-node1"),
                Duration.ofSeconds(10)).orThrow().stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(Long::parseLong)
                .filter(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("").endsWith("fuse-overlayfs"))
                .toList());
        assertThat(cluster.replicatedPath()).as("deliberate failure midway").isEqualTo(Path.of("/nowhere"));
    }
}

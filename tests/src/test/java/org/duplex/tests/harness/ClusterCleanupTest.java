package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@code down} leaves nothing, from any state: a test that failed midway with processes on every
 *  host and a FUSE mount inside a node; a half-created leftover; a crashed owner. Also the script's
 *  refusals. */
class ClusterCleanupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @BeforeAll
    static void needsTheHarness() {
        HarnessPrerequisites.reasonToSkip().ifPresent(org.junit.jupiter.api.Assumptions::abort);
    }

    @Test
    void aTestThatFailsMidwayStillLeavesNothingBehind() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Commands.run(List.of("sh", "-c", "command -v fuse-overlayfs"), TIMEOUT).ok(),
                "fuse-overlayfs is not installed (apt-get install fuse-overlayfs; scripts/test.sh does)");
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailsMidwayScenario.class))
                .build(), listener);
        TestExecutionSummary summary = listener.getSummary();

        assertThat(summary.getTestsFailedCount()).as("the scenario failed as planned").isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("deliberate failure midway");
        assertThat(FailsMidwayScenario.clusterName).isNotNull();
        assertThat(FailsMidwayScenario.processes).hasSize(ClusterHost.values().length);
        assertThat(FailsMidwayScenario.fuseMounted).as("a FUSE mount was left inside node1").isTrue();
        assertThat(FailsMidwayScenario.fuseDaemons).isNotEmpty();
        assertThat(HostLeftovers.of(FailsMidwayScenario.clusterName)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> HostLeftovers.alive(FailsMidwayScenario.processes).isEmpty()
                && HostLeftovers.alive(FailsMidwayScenario.fuseDaemons).isEmpty());
    }

    @Test
    void upSweepsAHalfCreatedLeftoverOfTheSameNameAndItsProcesses() throws Exception {
        String name = TwoNodeClusterExtension.uniqueName();
        // What a run killed during `up` leaves: some namespaces, one with a process still in it.
        Commands.run(List.of("ip", "netns", "add", "dx-" + name + "-switch"), TIMEOUT).orThrow();
        Commands.run(List.of("ip", "netns", "add", "dx-" + name + "-node1"), TIMEOUT).orThrow();
        Process straggler = new ProcessBuilder("ip", "netns", "exec", "dx-" + name + "-node1", "sleep", "600").start();
        try {
            assertThat(Commands.run(List.of(TestCluster.script("cluster.sh"), "status", name), TIMEOUT).exitCode())
                    .as("partial").isEqualTo(1);

            ExecResult up = Commands.run(List.of(TestCluster.script("cluster.sh"), "up", name), TIMEOUT).orThrow();
            assertThat(up.stderr()).contains("removing what a previous run left");
            assertThat(straggler.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("straggler killed").isTrue();
            assertThat(Commands.run(List.of(TestCluster.script("cluster.sh"), "status", name), TIMEOUT).exitCode())
                    .as("complete").isEqualTo(0);
            ExecResult again = Commands.run(List.of(TestCluster.script("cluster.sh"), "up", name), TIMEOUT).orThrow();
            assertThat(again.stderr()).as("up is idempotent").contains("already up");
        } finally {
            straggler.destroyForcibly();
            Commands.run(List.of(TestCluster.script("cluster.sh"), "down", name), TIMEOUT).orThrow();
        }
        assertThat(HostLeftovers.of(name)).isEmpty();
    }

    @Test
    void anUpThatFailsHalfwayRemovesWhatItCreated() throws Exception {
        String name = TwoNodeClusterExtension.uniqueName();
        // A file where node2's SAFE directory must go: up fails after the networks and node1 exist.
        Path blocker = Path.of("/var/tmp/duplex-test", name, "node2", "safe");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "in the way");

        ExecResult up = Commands.run(List.of(TestCluster.script("cluster.sh"), "up", name), TIMEOUT);

        assertThat(up.exitCode()).isNotZero();
        assertThat(up.stderr()).contains("creation failed, removing what was created");
        assertThat(HostLeftovers.of(name)).isEmpty();
    }

    @Test
    void rejectsAReplicatedPathItCannotMountSayingWhich() {
        ExecResult up = Commands.run(List.of(TestCluster.script("cluster.sh"), "up", "badpath"), TIMEOUT,
                Map.of("DX_REPLICATED_DIRS", "relative/dir"));
        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.stderr()).contains("DX_REPLICATED_DIRS: 'relative/dir' is not a plain absolute path");
        assertThat(HostLeftovers.of("badpath")).isEmpty();
    }

    @Test
    void aClusterWhoseOwnerDiedIsSweptByTheNextUp() throws Exception {
        String orphan = TwoNodeClusterExtension.uniqueName();
        Process owner = new ProcessBuilder("sleep", "600").start();
        Commands.run(List.of(TestCluster.script("cluster.sh"), "up", orphan), TIMEOUT,
                Map.of("DX_OWNER_PID", Long.toString(owner.pid()))).orThrow();
        try {
            Commands.run(List.of(TestCluster.script("cluster.sh"), "sweep"), TIMEOUT).orThrow();
            assertThat(HostLeftovers.of(orphan)).as("owner alive: kept").isNotEmpty();

            owner.destroyForcibly().waitFor();
            Commands.run(List.of(TestCluster.script("cluster.sh"), "sweep"), TIMEOUT).orThrow();
            assertThat(HostLeftovers.of(orphan)).isEmpty();
        } finally {
            owner.destroyForcibly();
            Commands.run(List.of(TestCluster.script("cluster.sh"), "down", orphan), TIMEOUT).orThrow();
        }
    }

    @Test
    void refusesToRunWithoutRootSayingWhy() throws Exception {
        // A copy anyone can read: the worktree itself may not be readable by nobody.
        Path copy = Files.createTempDirectory("duplex-nonroot-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.copy(Path.of(TestCluster.script("cluster.sh")), copy.resolve("cluster.sh"));
        Files.setPosixFilePermissions(copy.resolve("cluster.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ExecResult result = Commands.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                copy.resolve("cluster.sh").toString(), "up", "nobody"), TIMEOUT);
        Files.delete(copy.resolve("cluster.sh"));
        Files.delete(copy);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("must run as root");
        assertThat(HostLeftovers.of("nobody")).isEmpty();
    }

    @Test
    void rejectsABadNameOrHostNamingIt() {
        ExecResult badName = Commands.run(List.of(TestCluster.script("cluster.sh"), "up", "Bad_Name"), TIMEOUT);
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderr()).contains("bad cluster NAME 'Bad_Name'");

        ExecResult badHost = Commands.run(List.of(TestCluster.script("cluster.sh"), "exec", "x", "node3", "--", "true"),
                TIMEOUT);
        assertThat(badHost.exitCode()).isEqualTo(2);
        assertThat(badHost.stderr()).contains("unknown NODE 'node3'");
    }

}

package org.duplex.node.errd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.duplex.common.UserError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessKillerTest {
    private final List<Process> spawned = new ArrayList<>();
    private final String marker = "32" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
    private final ProcessMatcher ours =
            ProcessMatcher.of("sleep", Optional.empty(), Optional.of(" " + marker.replace(".", "\\.") + "$"));
    private final ProcessKiller killer = new ProcessKiller(new LinuxProcessTable());

    @AfterEach
    void cleanUp() {
        spawned.forEach(Process::destroyForcibly);
    }

    private Process spawn(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        spawned.add(p);
        return p;
    }

    @Test
    void testLevelListsWithoutSignalling() throws IOException {
        Process a = spawn("sleep", marker);
        Process b = spawn("sleep", marker);

        ProcessKiller.Report report = killer.kill(ours, KillLevel.TEST, Duration.ZERO);

        assertThat(report.matched()).containsExactlyInAnyOrder(a.pid(), b.pid());
        assertThat(a.isAlive() && b.isAlive()).isTrue();
    }

    @Test
    void level9AndLevel15KillTheMatchingProcessesOnly() throws Exception {
        Process target = spawn("sleep", marker);
        Process bystander = spawn("sleep", marker + "1");

        ProcessKiller.Report report = killer.kill(ours, KillLevel.KILL9, Duration.ZERO);

        assertThat(report.matched()).containsExactly(target.pid());
        assertThat(target.waitFor()).isEqualTo(137);
        assertThat(bystander.isAlive()).isTrue();

        Process second = spawn("sleep", marker);
        killer.kill(ours, KillLevel.TERM15, Duration.ZERO);
        assertThat(second.waitFor()).isEqualTo(143);
    }

    @Test
    void terminateEscalatesToSigkillWhenSigtermIsIgnored() throws Exception {
        Process stubborn = spawn("sh", "-c", "trap '' TERM; exec sleep " + marker);
        // sh needs a moment to exec sleep (same pid, new name)
        await().atMost(Duration.ofSeconds(15)).until(() ->
                killer.kill(ours, KillLevel.TEST, Duration.ZERO).matched().contains(stubborn.pid()));

        ProcessKiller.Report report = killer.kill(ours, KillLevel.TERMINATE, Duration.ofMillis(300));

        assertThat(report.survivors()).isEmpty();
        assertThat(stubborn.waitFor()).as("killed by SIGKILL, not SIGTERM").isEqualTo(137);
    }

    @Test
    void unknownLevelIsAClearError() {
        assertThatThrownBy(() -> KillLevel.parse("hard"))
                .isInstanceOf(UserError.class).hasMessageContaining("-level=hard").hasMessageContaining("terminate");
    }
}

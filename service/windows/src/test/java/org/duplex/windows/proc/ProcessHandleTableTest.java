package org.duplex.windows.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/** The real process table of the OS running the tests, with a real child process. */
class ProcessHandleTableTest {

    @Test
    void findsARealProcessByNameAndArgumentsAndKillsOnlyIt() throws Exception {
        // A duration no other process on this shared machine uses, so the argregex matches our child only.
        String uniqueSeconds = "600." + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        Process child = new ProcessBuilder("sleep", uniqueSeconds).start();
        try {
            var kill = new SafekitKill(ProcessHandleTable.forThisOs());
            String argRegex = "sleep " + uniqueSeconds.replace(".", "\\.") + "$";
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    kill.run("sleep", argRegex, SafekitKill.Level.TEST).matched().stream().anyMatch(p -> p.pid() == child.pid()));
            var result = kill.run("sleep", argRegex, SafekitKill.Level.SIGKILL);
            assertThat(result.killed()).containsExactly(child.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
            assertThat(kill.run("sleep", argRegex, SafekitKill.Level.TEST).exitCode()).isEqualTo(1);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void imageNameTakesTheLastComponentOfEitherSeparator() {
        assertThat(ProcessHandleTable.imageName("C:\\Program Files\\PostgreSQL\\13\\bin\\postgres.exe")).isEqualTo("postgres.exe");
        assertThat(ProcessHandleTable.imageName("/usr/bin/sleep")).isEqualTo("sleep");
    }
}

package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged {@code target/bin/safekit} command, run as a module script would run it. */
class SafekitCommandIT {
    private static final Path SAFEKIT = Path.of("target/bin/safekit").toAbsolutePath();

    private record Run(int exitCode, String output) {}

    private static Run safekit(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = SAFEKIT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("safekit %s finished", String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void commandIsExecutableAndForwardsToTheCli() throws Exception {
        assertThat(Files.isExecutable(SAFEKIT)).isTrue();
        String marker = "34" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
        Process sleeper = new ProcessBuilder("sleep", marker).start();
        try {
            Run test = safekit("kill", "-name=sleep", "-argregex=" + marker.replace(".", "\\.") + "$", "-level=test");
            assertThat(test.exitCode()).isZero();
            assertThat(test.output().strip()).isEqualTo(Long.toString(sleeper.pid()));

            Run kill = safekit("kill", "-name=sleep", "-argregex=" + marker.replace(".", "\\.") + "$", "-level=terminate");
            assertThat(kill.exitCode()).isZero();
            assertThat(sleeper.waitFor()).isEqualTo(143);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void daemonVerbsFailWithTheUnavailableExitCode() throws Exception {
        Run set = safekit("set", "-r", "custom.app", "-v", "up");
        assertThat(set.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(set.output()).contains("not available yet");
    }
}

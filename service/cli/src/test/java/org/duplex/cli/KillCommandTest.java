package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KillCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String marker = "33" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
    private Process sleeper;

    @AfterEach
    void cleanUp() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String argRegex() {
        return "-argregex=" + marker.replace(".", "\\.") + "$";
    }

    @Test
    void testLevelPrintsMatchingPidsAndExitCodeSaysWhetherAnyMatched() throws IOException {
        assertThat(run("kill", "-name=sleep", argRegex(), "-level=test")).isEqualTo(ExitCodes.FAILED);

        sleeper = new ProcessBuilder("sleep", marker).start();

        assertThat(run("kill", "-name=sleep", argRegex(), "-level=test")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).isEqualTo(Long.toString(sleeper.pid()));
        assertThat(sleeper.isAlive()).isTrue();
    }

    @Test
    void level9KillsTheMatchingProcess() throws Exception {
        sleeper = new ProcessBuilder("sleep", marker).start();

        assertThat(run("kill", "-name=sleep", argRegex(), "-level=9")).isEqualTo(ExitCodes.OK);

        assertThat(sleeper.waitFor()).isEqualTo(137);
        assertThat(out.toString()).contains("1 process(es)");
    }

    @Test
    void badLevelOrRegexIsInvalidInputNamingTheValue() {
        assertThat(run("kill", "-name=sleep", "-level=hard")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("-level=hard");
        assertThat(run("kill", "-name=sleep", "-argregex=([", "-level=test")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("argregex '(['");
    }

    @Test
    void missingNameIsAUsageError() {
        assertThat(run("kill", "-level=test")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("-name");
    }

    @Test
    void verbsThatNeedTheDaemonFailClearly() {
        assertThat(run("set", "-r", "custom.app", "-v", "up")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("'set' is not available yet").contains("daemon");
    }
}

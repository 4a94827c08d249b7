package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheCommandAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: duplex").contains("--verbose");
    }

    @Test
    void unknownVerbIsAUsageErrorOnStderr() {
        assertThat(run("no-such-verb")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no-such-verb");
        assertThat(out.toString()).isEmpty();
    }
}

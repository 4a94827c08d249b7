package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config check / confcheck, paths, printi / printe and log through the real command line. */
class ConfigAndLogVerbsTest {
    @TempDir Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
        assertThat(cli.run("module", "install", "-m", "pg",
                ModuleVerbsTest.PACKED.resolve("postgresql.safe").toString())).as(cli.err()).isZero();
    }

    @Test
    void pathsPrintsTheRootsFromTheEnvironment() {
        assertThat(cli.run("paths")).isZero();
        assertThat(cli.out()).isEqualTo("SAFE=" + tmp.resolve("safe") + "\nSAFEVAR=" + tmp.resolve("var") + "\n");
    }

    @Test
    void configCheckOfAnInstalledModule() {
        assertThat(cli.run("config", "check", "-m", "pg")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("userconfig.xml: valid");
        cli.env.put("SAFEMODULE", "pg");
        assertThat(cli.run("confcheck")).isZero();
    }

    @Test
    void invalidFileGivesExitCode3WithFileLineAndColumn() throws IOException {
        Path file = tmp.resolve("userconfig.xml");
        Files.writeString(file, "<safe><service mode=\"mirror\">\n<heart pulse=\"1s\" timeout=\"1s\">"
                + "<heartbeat name=\"default\"/></heart><rfs><replicated dir=\"/d\"/></rfs></service></safe>");
        assertThat(cli.run("confcheck", file.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).startsWith("duplex: " + file + ":2:").contains("<heart> attribute 'timeout'");
    }

    @Test
    void warningsArePrintedAndTheConfigIsStillValid() throws IOException {
        Path file = tmp.resolve("userconfig.xml");
        Files.writeString(file, "<safe><service mode=\"mirror\"><heart><heartbeat name=\"default\"/></heart>"
                + "<rfs><replicated dir=\"/d\"/></rfs>\n<vhost/></service></safe>");
        assertThat(cli.run("config", "check", file.toString())).isZero();
        assertThat(cli.out()).contains(file + ":2:").contains("<vhost>").contains("valid (1 warning)");
    }

    @Test
    void heartbeatNotInClusterXmlIsInvalid() throws IOException {
        Path cluster = tmp.resolve("var/cluster/cluster.xml");
        Files.createDirectories(cluster.getParent());
        Files.writeString(cluster, "<cluster><lans><lan name=\"lan1\"><node name=\"a\" addr=\"10.0.0.1\"/>"
                + "<node name=\"b\" addr=\"10.0.0.2\"/></lan></lans></cluster>");
        assertThat(cli.run("config", "check", "-m", "pg")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).contains("LAN 'default' is not defined in " + cluster);
    }

    @Test
    void printiAndPrinteGoToTheModuleLogAndLogShowsThem() {
        assertThat(cli.run("printi", "-m", "pg", "PostgreSQL", "started")).isZero();
        cli.env.put("SAFEMODULE", "pg");
        assertThat(cli.run("printe", "start_prim failed")).isZero();
        assertThat(cli.run("log", "-m", "pg")).isZero();
        assertThat(cli.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).endsWith(" I PostgreSQL started"),
                l -> assertThat(l).endsWith(" E start_prim failed"));
        assertThat(cli.run("log", "-n", "1")).isZero();
        assertThat(cli.out().lines().toList()).singleElement().asString().endsWith("E start_prim failed");
        assertThat(cli.run("log", "-E")).isZero();
        assertThat(cli.out().lines().count()).isEqualTo(1);
        assertThat(cli.run("log", "--app")).isZero();
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void printiNeedsAModule() {
        assertThat(cli.run("printi", "hello")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).contains("no module given: use -m NAME (or set SAFEMODULE)");
        assertThat(cli.run("printi", "-m", "nope", "hello")).isEqualTo(ExitCodes.NOT_FOUND);
    }
}

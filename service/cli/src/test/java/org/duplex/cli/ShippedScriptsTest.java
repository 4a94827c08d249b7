package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Linux modules' scripts are valid sh (checked by the real shell) and start with a shebang. */
class ShippedScriptsTest {
    static final Path MODULES = Path.of("../../modules");

    @Test
    void linuxScriptsParseWithSh() throws IOException, InterruptedException {
        List<Path> scripts;
        try (Stream<Path> s = Stream.of("postgresql.safe", "mirror.safe").flatMap(m -> list(MODULES.resolve(m).resolve("bin")))) {
            scripts = s.toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);
        for (Path script : scripts) {
            assertThat(Files.readString(script, StandardCharsets.UTF_8)).as(script.toString()).startsWith("#!/bin/sh\n");
            Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
            try {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("sh -n %s finished", script).isTrue();
                assertThat(p.exitValue()).as("sh -n %s: %s", script,
                        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void windowsScriptsUseCrlf() throws IOException {
        try (Stream<Path> s = list(MODULES.resolve("hanwha_ssm.safe/bin"))) {
            for (Path script : s.toList()) {
                String text = Files.readString(script, StandardCharsets.UTF_8);
                assertThat(text.replace("\r\n", "")).as(script.toString()).doesNotContain("\n");
            }
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).sorted();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.duplex.node.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.duplex.config.paths.DuplexPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleLogTest {
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} ";

    @TempDir Path tmp;

    DuplexPaths paths() {
        return new DuplexPaths(tmp.resolve("safe"), tmp.resolve("var"));
    }

    @Test
    void entriesAreTimestampedWithSafeKitLevelsAndReadBackNewestLast() {
        try (ModuleLog log = ModuleLog.open(paths(), "pg")) {
            log.info("heart: peer node2 is up");
            log.error("start_prim failed\nexit code 1");
            log.info("third");
        }
        List<String> all = LogReader.tail(paths(), "pg", 10, false, false);
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).matches(TIMESTAMP + "I heart: peer node2 is up");
        assertThat(all.get(1)).matches(TIMESTAMP + "E start_prim failed \\| exit code 1");
        assertThat(LogReader.tail(paths(), "pg", 2, false, false)).last().asString().endsWith("I third");
        assertThat(LogReader.tail(paths(), "pg", 10, false, true)).singleElement().asString().contains("start_prim failed");
        assertThat(paths().userVar("pg").resolve(ModuleLog.MODULE_LOG)).exists();
    }

    @Test
    void scriptOutputBecomesApplicationLogLines() throws IOException {
        try (ModuleLog log = ModuleLog.open(paths(), "pg")) {
            try (OutputStream out = log.applicationOutput()) {
                out.write("Running start_prim\r\nstarting postgres\npartial".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(LogReader.tail(paths(), "pg", 10, true, false))
                .satisfiesExactly(
                        l -> assertThat(l).matches(TIMESTAMP + "Running start_prim"),
                        l -> assertThat(l).matches(TIMESTAMP + "starting postgres"),
                        l -> assertThat(l).matches(TIMESTAMP + "partial"));
        assertThat(LogReader.tail(paths(), "pg", 10, false, false)).isEmpty();
    }

    @Test
    void aLineWithoutNewlineIsCutAtTheBound() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (LineOutputStream out = new LineOutputStream(lines::add)) {
            out.write(new byte[LineOutputStream.MAX_LINE_BYTES * 2 + 5]);
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).hasSize(LineOutputStream.MAX_LINE_BYTES);
    }

    @Test
    void rollingKeepsDiskUseBoundedAndTheNewestEntries() throws IOException {
        LogLimits limits = new LogLimits(2048, 2, 2048, 2);
        int entries = 500;
        try (ModuleLog log = ModuleLog.open(paths(), "pg", limits)) {
            for (int i = 0; i < entries; i++) {
                log.info("entry " + i + " " + "x".repeat(40));
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(paths().userVar("pg"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("module")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("module.1.log", "module.2.log", "module.log");
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThan(2048 + 200);
        }
        List<String> last = LogReader.tail(paths(), "pg", 40, false, false);
        assertThat(last).hasSize(40);
        assertThat(last.getLast()).contains("entry " + (entries - 1) + " ");
        assertThat(last.getFirst()).contains("entry " + (entries - 40) + " ");
    }

    @Test
    void printiFromAnotherProcessAppendsBesideTheDaemon() {
        try (ModuleLog daemon = ModuleLog.open(paths(), "pg")) {
            daemon.info("daemon before");
            try (ModuleLog cli = ModuleLog.openForAppend(paths(), "pg")) {
                cli.info("from printi");
                cli.error("from printe");
            }
            daemon.info("daemon after");
        }
        assertThat(LogReader.tail(paths(), "pg", 10, false, false))
                .extracting(l -> l.substring(24))
                .containsExactly("I daemon before", "I from printi", "E from printe", "I daemon after");
    }

    @Test
    void aLogFileThatCannotBeOpenedIsAnError() throws IOException {
        Files.createDirectories(paths().userVar("pg").resolve(ModuleLog.MODULE_LOG)); // a directory in the way
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModuleLog.openForAppend(paths(), "pg"))
                .isInstanceOf(org.duplex.common.UserError.class).hasMessageContaining("cannot open log file");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModuleLog.open(paths(), "pg"))
                .hasMessageContaining("cannot open log file");
    }

    @Test
    void readingAModuleWithoutLogsGivesNothing() {
        assertThat(LogReader.tail(paths(), "none", 10, false, false)).isEmpty();
    }
}

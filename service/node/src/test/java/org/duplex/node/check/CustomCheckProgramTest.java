package org.duplex.node.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplex.common.UserError;
import org.duplex.node.script.ScriptEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomCheckProgramTest {
    @TempDir Path root;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ScriptEnvironment environment() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        return new ScriptEnvironment(root, root, root, "mirror", bin, root, root, root, Map.of());
    }

    @Test
    void programRunsWithTheScriptEnvironmentAndStopsWithItsChildren() throws Exception {
        ScriptEnvironment env = environment();
        Path program = env.userBin().resolve("mychecker");
        Files.writeString(program, """
                #!/bin/sh
                echo "module=$SAFEMODULE arg=$1"
                sleep 600 &
                echo "child=$!"
                wait
                """);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        CustomCheckProgram checker = new CustomCheckProgram("mychecker", List.of("fast"), env, output::add);

        checker.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> output.size() == 2);
        long child = Long.parseLong(output.get(1).substring("child=".length()));
        assertThat(output.get(0)).isEqualTo("module=mirror arg=fast");
        assertThat(checker.running()).isTrue();

        checker.close();

        assertThat(checker.running()).isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    @Test
    void missingProgramIsAClearError() throws IOException {
        CustomCheckProgram checker = new CustomCheckProgram("nothere", List.of(), environment(), output::add);
        assertThatThrownBy(checker::start).isInstanceOf(UserError.class).hasMessageContaining("nothere");
    }
}

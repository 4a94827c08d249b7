package org.duplex.wininstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The duplex.cmd and safekit.cmd wrappers the MSI installs: batch files cmd.exe can run from
 * "C:\Program Files (x86)\..." (CRLF line ends, no parenthesized block that expands a %VAR%, which
 * a ")" in the value would close early), and they start the CLI class that exists in the jars.
 */
class CommandWrappersTest {

    @ParameterizedTest
    @ValueSource(strings = {"duplex.cmd", "safekit.cmd"})
    void wrapperIsSafeForCmdAndStartsTheCli(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("files", name));
        String text = new String(bytes, StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(i > 0 && bytes[i - 1] == '\r').as(name + ": LF without CR at byte " + i).isTrue();
            }
        }
        List<String> code = text.lines().filter(l -> !l.stripLeading().toLowerCase().startsWith("rem")).toList();
        assertThat(code).noneMatch(l -> l.matches(".*\\(.*%[A-Za-z_]+%.*") && !l.contains("for %%"));
        assertThat(code).anyMatch(l -> l.contains("org.duplex.cli.Main %*"));
        assertThat(code).anyMatch(l -> l.contains("DUPLEX_SAFE="));
        // The class the wrapper names is in the jars the MSI ships (duplex-cli is a dependency here).
        assertThat(Class.forName("org.duplex.cli.Main").getMethod("main", String[].class)).isNotNull();
    }
}

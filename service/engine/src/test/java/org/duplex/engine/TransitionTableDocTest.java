package org.duplex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/ENGINE.md shows the transition table exactly as the code has it. */
class TransitionTableDocTest {
    @Test
    void engineDocContainsTheCurrentTable() throws IOException {
        Path doc = Path.of("../../docs/ENGINE.md");
        String rendered = TransitionTable.renderMarkdown();
        assertThat(Files.readString(doc))
                .as("docs/ENGINE.md is stale: paste TransitionTable.renderMarkdown() output:%n%s", rendered)
                .contains(rendered);
    }
}

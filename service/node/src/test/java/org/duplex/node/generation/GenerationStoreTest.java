package org.duplex.node.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.engine.State;
import org.duplex.engine.generation.Generations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationStoreTest {
    @TempDir Path dir;

    @Test
    void aFreshNodeHasNoKnownGoodData() throws IOException {
        assertThat(new GenerationStore(dir.resolve("generation.json")).load()).isEqualTo(Generations.none());
    }

    @Test
    void savedGenerationsComeBackEqual() throws IOException {
        GenerationStore store = new GenerationStore(dir.resolve("m/generation.json"));
        Generations g = Generations.none().startNew("node1", 42, false, State.ALONE)
                .startNew("node1", 43, true, State.ALONE).withResyncInProgress(true).withCleanStop(false);
        store.save(g);
        assertThat(store.load()).isEqualTo(g);
    }

    @Test
    void aCorruptFileIsAnErrorNamingItNeverUpToDate() throws IOException {
        Path file = dir.resolve("generation.json");
        GenerationStore store = new GenerationStore(file);
        store.save(Generations.none().startNew("node1", 1, false, State.ALONE));
        byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");

        Files.writeString(file, new String(good).replace("\"cleanStop\" : true", "\"cleanStop\" : \"yes\"")
                .replace("\"cleanStop\" : false", "\"cleanStop\" : \"yes\""));
        assertThatThrownBy(store::load).hasMessageContaining("cleanStop");
    }
}

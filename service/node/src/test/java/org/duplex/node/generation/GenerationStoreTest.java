package org.duplex.node.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.common.UserError;
import org.duplex.engine.State;
import org.duplex.engine.generation.Generations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationStoreTest {
    @TempDir
    Path dir;

    private static Generations sample() {
        return Generations.none().startNew("n1", 1, false, State.ALONE).startNew("n1", 2, true, State.ALONE)
                .withResyncInProgress(true).withCleanStop(false).withSyncPoint(null);
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        GenerationStore store = new GenerationStore(dir.resolve("generations.json"));
        Generations g = sample().withSyncPoint(sample().history().get(0));
        store.save(g);
        assertThat(store.load()).isEqualTo(g);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("generations.json");
        }
    }

    @Test
    void fileIsReadableJson() throws IOException {
        GenerationStore store = new GenerationStore(dir.resolve("generations.json"));
        store.save(sample());
        String text = Files.readString(store.file());
        assertThat(text).contains("\"format\" : 1", "\"lastRole\" : \"ALONE\"", "\"resyncInProgress\" : true",
                sample().current().toString());
    }

    @Test
    void missingFileMeansNoKnownGoodData() {
        Generations g = new GenerationStore(dir.resolve("absent.json")).load();
        assertThat(g).isEqualTo(Generations.none());
        assertThat(g.hasData()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{",
        "not json at all",
        "{\"format\":1}",
        "{\"format\":2,\"current\":null,\"history\":[],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":false,\"cleanStop\":true,\"lastRole\":\"STOP\",\"createdByFailover\":false}",
        "{\"format\":1,\"current\":\"zz\",\"history\":[],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":false,\"cleanStop\":true,\"lastRole\":\"STOP\",\"createdByFailover\":false}",
        "{\"format\":1,\"current\":null,\"history\":[],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":false,\"cleanStop\":true,\"lastRole\":\"BOSS\",\"createdByFailover\":false}",
        "{\"format\":1,\"current\":null,\"history\":[],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":null,\"cleanStop\":true,\"lastRole\":\"STOP\",\"createdByFailover\":false}",
        "{\"format\":1,\"current\":null,\"history\":[],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":false,\"cleanStop\":true,\"lastRole\":\"STOP\",\"createdByFailover\":false,\"extra\":1}",
        "{\"format\":1,\"current\":null,\"history\":[\"6f1c2f9e-0000-0000-0000-000000000001\"],\"syncPoint\":null,\"sequence\":0,\"resyncInProgress\":false,\"cleanStop\":true,\"lastRole\":\"STOP\",\"createdByFailover\":false}"
    })
    void corruptFileIsAClearErrorNamingTheFile(String content) throws IOException {
        Path file = dir.resolve("generations.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new GenerationStore(file).load())
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.FAILED))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void truncatedRealFileIsRejectedNotTreatedAsUpToDate() throws IOException {
        GenerationStore store = new GenerationStore(dir.resolve("generations.json"));
        store.save(sample());
        byte[] full = Files.readAllBytes(store.file());
        Files.write(store.file(), java.util.Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(store::load).isInstanceOf(UserError.class).hasMessageContaining("line");
    }
}

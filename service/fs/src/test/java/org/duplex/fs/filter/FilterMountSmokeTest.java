package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterMountSmokeTest {
    @TempDir
    Path dir;

    @Test
    void writesGoThroughAndUnmountRestoresTheDirectory() throws Exception {
        Files.writeString(dir.resolve("before"), "old");
        try (FilterMount m = FilterMount.mount(dir, new PassthroughHandler(), FilterMode.READ_WRITE, 4)) {
            assertThat(Files.readString(dir.resolve("before"))).isEqualTo("old");
            Files.writeString(dir.resolve("new"), "hello", StandardCharsets.UTF_8);
            assertThat(Files.readString(dir.resolve("new"))).isEqualTo("hello");
        }
        assertThat(Files.readString(dir.resolve("new"))).isEqualTo("hello");
    }
}

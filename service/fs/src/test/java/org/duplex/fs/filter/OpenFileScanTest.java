package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileScanTest {
    @TempDir
    Path dir;

    @Test
    void findsThisProcessHoldingAFileBelowTheDirectory() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, dir + "/sub/held", NativeFs.O_CREAT | NativeFs.O_WRONLY, 0644);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        try {
            assertThat(OpenFileScan.holdersBelow(dir))
                    .anySatisfy(h -> {
                        assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
                        assertThat(h.path()).isEqualTo(dir + "/sub/held");
                        assertThat(h.toString()).contains("pid " + h.pid()).contains("holds " + dir + "/sub/held");
                    });
        } finally {
            assertThat(NativeFs.close(fd)).isZero();
        }
        assertThat(OpenFileScan.holdersBelow(dir)).isEmpty();
    }

    @Test
    void prefixOfANameIsNotBelow() {
        assertThat(OpenFileScan.below("/data/x", "/data")).isTrue();
        assertThat(OpenFileScan.below("/data", "/data")).isTrue();
        assertThat(OpenFileScan.below("/database/x", "/data")).isFalse();
        assertThat(OpenFileScan.below("/data/x (deleted)", "/data")).isTrue();
    }
}

package org.duplex.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.console.web.FakeControlApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleImportTest {
    @TempDir Path dir;

    private ModuleImport moduleImport(long limit) {
        DuplexPaths paths = new DuplexPaths(dir.resolve("safe"), dir.resolve("var"));
        return new ModuleImport(new ModuleStore(paths, Platform.LINUX, Map.of()), new FakeControlApi(),
                dir.resolve("uploads"), limit);
    }

    @Test
    void anUploadLargerThanTheLimitIsRefusedWhetherDeclaredOrStreamedAndLeavesNoFile() {
        ModuleImport imports = moduleImport(1000);
        assertThatThrownBy(() -> imports.install("web", 1001, InputStream.nullInputStream()))
                .isInstanceOf(UserError.class).hasMessageContaining("larger than 1000 bytes");
        // A body without (or with a lying) Content-Length is cut while it streams.
        InputStream endless = new InputStream() {
            long served;
            @Override public int read() { return served++ < 10_000_000 ? 0 : -1; }
        };
        assertThatThrownBy(() -> imports.install("web", -1, endless))
                .isInstanceOf(UserError.class).hasMessageContaining("larger than 1000 bytes");
        assertThat(dir.resolve("uploads")).isEmptyDirectory();
        assertThat(dir.resolve("safe/modules/web")).doesNotExist();
    }

    @Test
    void aCorruptArchiveIsReportedByTheStoresChecks() throws Exception {
        ModuleImport imports = moduleImport(1000);
        assertThatThrownBy(() -> imports.install("web", 5, new ByteArrayInputStream("hello".getBytes())))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).kind()).isEqualTo(UserError.Kind.INVALID_INPUT));
        assertThat(Files.list(dir.resolve("uploads"))).isEmpty();
    }
}

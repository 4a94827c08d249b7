package org.duplex.replication.secondary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NativeFs applier: exact syscalls, never outside its root. */
class NativeMutationApplierTest {
    @TempDir Path base;
    private Path root;
    private Path outside;
    private NativeMutationApplier applier;

    @BeforeEach
    void open() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        outside = Files.createDirectories(base.resolve("outside"));
        applier = new NativeMutationApplier(root);
    }

    @AfterEach
    void close() {
        applier.close();
    }

    @Test
    void aDirectorySymlinkPointingOutsideIsRefusedAndNothingIsWrittenThere() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThatThrownBy(() -> applier.apply(new Create("escape/owned", 0644, 0, 0, Mutation.NO_TIME)))
                .isInstanceOf(PathEscapeException.class).hasMessageContaining("escape");
        assertThat(outside.resolve("owned")).doesNotExist();
    }

    @Test
    void aFinalSymlinkIsNeverFollowedForAWrite() throws Exception {
        Files.writeString(outside.resolve("target"), "untouched");
        Files.createSymbolicLink(root.resolve("link"), outside.resolve("target"));

        assertThatThrownBy(() -> applier.apply(new Write("link", 0, new byte[] {1}, Mutation.NO_TIME)))
                .hasMessageContaining("ELOOP");
        assertThat(Files.readString(outside.resolve("target"))).isEqualTo("untouched");
    }

    @Test
    void reproducesExchangeFifoHolesAndMtimesExactly() throws Exception {
        applier.apply(new Create("a", 0640, 1000, 1000, Mutation.NO_TIME));
        applier.apply(new Write("a", 1 << 20, "end".getBytes(), 1_700_000_000_123_456_789L));
        applier.apply(new Fallocate("a", Fallocate.KEEP_SIZE | Fallocate.PUNCH_HOLE, 1 << 20, 1, 1_700_000_001_000_000_000L));
        applier.apply(new Mkdir("d", 02775, 1000, 100));
        applier.apply(new Mknod("d/fifo", 0010600, 0, 0, 0, Mutation.NO_TIME));
        applier.apply(new Rename("a", "d", RenameMode.EXCHANGE));

        assertThat(Files.isDirectory(root.resolve("a"))).isTrue();
        assertThat(Files.isRegularFile(root.resolve("d"))).isTrue();
        assertThat(Files.size(root.resolve("d"))).isEqualTo((1 << 20) + 3);
        assertThat(Files.readAllBytes(root.resolve("d"))[1 << 20]).isZero();
        assertThat(Files.getLastModifiedTime(root.resolve("d")).toInstant().toString()).isEqualTo("2023-11-14T22:13:21Z");
        assertThat(Files.getAttribute(root.resolve("d"), "unix:uid")).isEqualTo(1000);
        assertThat((Integer) Files.getAttribute(root.resolve("a"), "unix:mode") & 07777).isEqualTo(02775);
        assertThat(Files.getAttribute(root.resolve("a/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0010600);
    }
}

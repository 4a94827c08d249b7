package org.duplex.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted archives (seeded random byte flips of a valid .safe) either install or fail with a
 * UserError; a failure never leaves staging directories or a changed module behind.
 */
class MutatedArchiveTest {
    private static final int ROUNDS = 80;

    @TempDir Path tmp;

    @Test
    void corruptedArchivesInstallOrFailCleanly() throws IOException {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("MutatedArchiveTest seed=" + seed + " (rerun with -Dduplex.seed=" + seed + ")");
        Random random = new Random(seed);
        DuplexPaths paths = new DuplexPaths(tmp.resolve("safe"), tmp.resolve("var"));
        ModuleStore store = new ModuleStore(paths, Platform.LINUX, Map.of());
        store.install("m", ZipBuilder.validModule(tmp.resolve("good.safe"), "good"), OptionalInt.empty());
        byte[] valid = Files.readAllBytes(ZipBuilder.validModule(tmp.resolve("base.safe"), "mutant"));
        Path mutant = tmp.resolve("mutant.safe");
        int failed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Files.write(mutant, bytes);
            String before = Files.readString(paths.moduleDir("m").resolve("bin/start_prim"));
            try {
                store.install("m", mutant, OptionalInt.empty());
                store.install("m", ZipBuilder.validModule(tmp.resolve("good.safe"), "good"), OptionalInt.empty());
            } catch (UserError e) {
                failed++;
                assertThat(Files.readString(paths.moduleDir("m").resolve("bin/start_prim")))
                        .as("seed %d round %d", seed, round).isEqualTo(before);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + e, e);
            }
            assertThat(staging(paths)).as("seed %d round %d", seed, round).isEmpty();
        }
        assertThat(failed).as("corruptions must exercise the error paths").isPositive();
    }

    private static List<String> staging(DuplexPaths paths) throws IOException {
        try (Stream<Path> s = Files.list(paths.modulesDir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".install-") || n.startsWith(".old-")).toList();
        }
    }
}

package org.duplex.resync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.duplex.resync.support.TreeSnapshot;
import org.duplex.resync.tree.LocalTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path base;

    @Test
    void reportsEveryPlantedDifferenceWithBlocksAndChangesNothing() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("VerifierTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 10, 0);
            byte[] big = new byte[1 << 20];
            RandomTrees.fill(new SplittableRandom(seed), big);
            Files.write(pair.sourceData.resolve("big.bin"), big);
            pair.run(Kind.FULL);
            Verifier verifier = new Verifier(new LocalTree(pair.sourceData), pair.channel, 65536);
            assertThat(verifier.run()).isEmpty();

            Path t = pair.targetData;
            RandomTrees.pwrite(t.resolve("big.bin"), 3 * 65536 + 5, new byte[] {42});
            Files.setLastModifiedTime(t.resolve("big.bin"), Files.getLastModifiedTime(pair.sourceData.resolve("big.bin")));
            Files.writeString(t.resolve("stray"), "x");
            Files.delete(t.resolve(files.get(0)));
            Files.setPosixFilePermissions(t.resolve(files.get(1)), java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            Files.delete(t.resolve("a/link"));
            Files.writeString(t.resolve("a/link"), "now a file");
            var before = TreeSnapshot.of(t);

            List<Difference> found = verifier.run();

            assertThat(found).extracting(Difference::path, Difference::kind).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("big.bin", Difference.Kind.CONTENT),
                    org.assertj.core.groups.Tuple.tuple("stray", Difference.Kind.EXTRA_ON_TARGET),
                    org.assertj.core.groups.Tuple.tuple(files.get(0), Difference.Kind.MISSING_ON_TARGET),
                    org.assertj.core.groups.Tuple.tuple(files.get(1), Difference.Kind.ATTRIBUTES),
                    org.assertj.core.groups.Tuple.tuple("a/link", Difference.Kind.TYPE));
            assertThat(found.stream().filter(d -> d.path().equals("big.bin")).findFirst().orElseThrow().blockOffsets())
                    .containsExactly(3L * 65536);
            assertThat(TreeSnapshot.of(t)).isEqualTo(before);
            assertThat(pair.targetFlag.isSet()).isFalse();
        }
    }
}

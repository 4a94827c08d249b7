package org.duplex.resync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SplittableRandom;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.duplex.resync.support.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full sync by block checksums: first sync, planted differences of every kind, identical trees. */
class FullSyncTest {
    @TempDir
    Path base;

    @Test
    void firstSyncCopiesEverythingAndClearsTheFlag() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FullSyncTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 40, 300_000);
            ResyncSource_Result result = ResyncSource_Result.of(pair.run(Kind.FULL));

            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            assertThat(pair.targetFlag.isSet()).isFalse();
            assertThat(result.kind()).isEqualTo(Kind.FULL);
            assertThat(result.progress().filesDone()).isEqualTo(result.progress().filesTotal()).isEqualTo(40);
        }
    }

    @Test
    void fullSyncRepairsPlantedDifferencesOfEveryKindAndSendsOnlyDifferingBlocks() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FullSyncTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 30, 400_000);
            pair.run(Kind.FULL);
            pair.channel.resetCounters();
            Path t = pair.targetData;
            String big = files.stream().max((a, b) -> Long.compare(size(pair.sourceData, a), size(pair.sourceData, b))).orElseThrow();
            RandomTrees.pwrite(t.resolve(big), 70_000, new byte[] {1, 2, 3});     // one block differs
            Files.writeString(t.resolve("extra.txt"), "only on the target");        // extra file
            Files.createDirectories(t.resolve("extra-dir/sub"));                    // extra directory tree
            Files.delete(t.resolve(files.get(1)));                                  // missing file
            Files.delete(t.resolve("a/link"));                                      // symlink -> directory
            Files.createDirectories(t.resolve("a/link/inside"));
            Files.delete(t.resolve(files.get(2)));                                  // file -> symlink
            Files.createSymbolicLink(t.resolve(files.get(2)), Path.of("nowhere"));
            Files.setPosixFilePermissions(t.resolve(files.get(3)),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            RandomTrees.setXattr(t.resolve(files.get(4)), "stray", "x");
            Files.setLastModifiedTime(t.resolve(files.get(5)), FileTime.fromMillis(0));
            Files.setAttribute(t.resolve(files.get(6)), "unix:uid", 4242);
            Files.write(t.resolve(files.get(7)), new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
            long plantedMissing = size(pair.sourceData, files.get(1)) + size(pair.sourceData, files.get(2));

            pair.run(Kind.FULL);

            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            // data: the two missing files, one 64 KiB block, the last block of the appended file
            assertThat(pair.channel.dataBytesToTarget()).isLessThanOrEqualTo(plantedMissing + 2 * 65536);
        }
    }

    @Test
    void identicalTreesCostHashesNotData() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FullSyncTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 20, 2_000_000);
            pair.run(Kind.FULL);
            long total = TreeSnapshot.of(pair.sourceData).size();
            pair.channel.resetCounters();

            pair.run(Kind.FULL);

            assertThat(total).isGreaterThan(20);
            assertThat(pair.channel.dataBytesToTarget()).isZero();
            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
        }
    }

    private static long size(Path root, String rel) {
        try {
            return Files.size(root.resolve(rel));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Short alias so the assertions read well. */
    private record ResyncSource_Result(Kind kind, ResyncProgress progress) {
        static ResyncSource_Result of(ResyncSource.Result r) {
            return new ResyncSource_Result(r.kind(), r.progress());
        }
    }
}

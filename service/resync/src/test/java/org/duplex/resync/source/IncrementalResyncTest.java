package org.duplex.resync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import org.duplex.resync.activity.HotExtent;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.support.ApartWriter;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.duplex.resync.support.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental reintegration from the dirty records: only what changed travels; interrupted runs resume. */
class IncrementalResyncTest {
    @TempDir
    java.nio.file.Path base;

    @Test
    void sendsOnlyDirtyBlocksAndEntryChanges() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("IncrementalResyncTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, rnd, 30, 1_000_000);
            pair.run(Kind.FULL);
            pair.channel.resetCounters();

            ApartWriter apart = new ApartWriter(pair.sourceData, pair.sourceRecorder);
            apart.scatteredWrites(rnd, files, 50, 4096);
            apart.create("new/dir/n.bin", new byte[] {1, 2, 3});
            apart.delete(files.get(0));
            apart.rename(files.get(1), "a/renamed.bin");
            apart.chmod(files.get(2), "rw-------");
            apart.mkdir("c/made");
            apart.symlink("c/made/ln", "../../a");
            long written = apart.bytesWritten();

            ResyncSource.Result result = pair.run(Kind.INCREMENTAL);

            assertThat(result.kind()).isEqualTo(Kind.INCREMENTAL);
            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            // dirty 4 KiB blocks and the 3-byte new file: nothing else, the rename was replayed
            assertThat(pair.channel.dataBytesToTarget()).isLessThanOrEqualTo(written + 3).isGreaterThan(0);
            assertThat(pair.sourceRecorder.dirty().snapshot().isEmpty()).isTrue();
            assertThat(pair.targetFlag.isSet()).isFalse();
        }
    }

    @Test
    void interruptedRunLeavesTheFlagAndResumesWithoutResending() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("IncrementalResyncTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, rnd, 20, 1_000_000);
            pair.run(Kind.FULL);
            ApartWriter apart = new ApartWriter(pair.sourceData, pair.sourceRecorder);
            apart.scatteredWrites(rnd, files, 200, 4096);
            long dirtyBytes = pair.sourceRecorder.dirty().snapshot().dirtyBlockCount() * 4096;
            pair.channel.resetCounters();
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            pair.channel.cutBefore(r -> r instanceof ResyncRequest.WriteData && writes.incrementAndGet() > 60);

            ResyncSource source = pair.source(ResyncOptions.defaults().withWorkers(1), LiveWriteOrdering.NONE);
            assertThatThrownBy(() -> source.run(Kind.INCREMENTAL)).isInstanceOf(IOException.class);
            assertThat(pair.targetFlag.isSet()).isTrue();
            assertThat(source.progress().phase()).isEqualTo(ResyncProgress.Phase.FAILED);
            long sentBeforeCut = pair.channel.dataBytesToTarget();

            pair.close();
            pair.open(); // both processes restart cleanly; the link comes back
            ResyncSource.Result result = pair.run(Kind.INCREMENTAL);

            assertThat(result.resumed()).isTrue();
            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            long sentAfter = pair.channel.dataBytesToTarget();
            assertThat(sentBeforeCut).isGreaterThan(0);
            // what was sent before the cut is not sent again (a file cut midway is resent whole)
            assertThat(sentBeforeCut + sentAfter).isLessThan(dirtyBytes + dirtyBytes / 2);
            assertThat(pair.targetFlag.isSet()).isFalse();
        }
    }

    @Test
    void interruptedFullSyncResumesAtTheCheckpointedFileAndBlock() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("IncrementalResyncTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 10, 3_000_000);
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            pair.channel.cutBefore(r -> r instanceof ResyncRequest.WriteData && writes.incrementAndGet() > 20);
            ResyncSource source = pair.source(new ResyncOptions(2, 65536, 65536, 0, 4), LiveWriteOrdering.NONE);
            assertThatThrownBy(() -> source.run(Kind.FULL)).isInstanceOf(IOException.class);
            long sentBeforeCut = pair.channel.dataBytesToTarget();
            pair.crash();
            pair.open();
            pair.channel.resetCounters();

            ResyncSource.Result result = pair.run(Kind.INCREMENTAL); // an unfinished FULL run stays FULL

            assertThat(result.kind()).isEqualTo(Kind.FULL);
            assertThat(result.resumed()).isTrue();
            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            long total = Files.walk(pair.sourceData).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            assertThat(sentBeforeCut).isPositive().isLessThanOrEqualTo(20 * 65536);
            assertThat(pair.channel.dataBytesToTarget()).isLessThanOrEqualTo(total - sentBeforeCut + 2 * 4 * 65536);
        }
    }

    @Test
    void extentsHotAtTheTargetsCrashAreTakenFromTheSource() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("IncrementalResyncTest seed=" + seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, new SplittableRandom(seed), 5, 0);
            byte[] content = new byte[6 << 20];
            RandomTrees.fill(new SplittableRandom(seed), content);
            Files.write(pair.sourceData.resolve("db.bin"), content);
            pair.run(Kind.FULL);
            // the target was primary: it wrote at 5 MiB, never replicated, and crashed
            pair.targetRecorder.beforeWrite("db.bin", 5 << 20, 4096);
            RandomTrees.pwrite(pair.targetData.resolve("db.bin"), 5 << 20, new byte[4096]);
            pair.crash();
            pair.open();
            assertThat(pair.targetRecorder.activity().recovered())
                    .containsExactly(new HotExtent("db.bin", 1, 4 << 20));
            pair.channel.resetCounters();

            pair.run(Kind.INCREMENTAL);

            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
            assertThat(pair.channel.dataBytesToTarget()).isEqualTo(2 << 20); // the hot extent, clipped at EOF
            assertThat(pair.targetRecorder.activity().recovered()).isEmpty();
            assertThat(files).hasSize(5);
        }
    }
}

package org.duplex.resync.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.resync.splitbrain.SplitBrainDecision.Outcome.KEEP_LOCAL;
import static org.duplex.resync.splitbrain.SplitBrainDecision.Outcome.KEEP_PEER;
import static org.duplex.resync.splitbrain.SplitBrainDecision.Outcome.WAIT_FOR_OPERATOR;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jpountz.xxhash.XXHashFactory;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.splitbrain.SplitBrainDecision.Side;
import org.duplex.resync.support.ApartWriter;
import org.duplex.resync.support.RandomTrees;
import org.duplex.resync.support.ResyncPair;
import org.duplex.resync.support.TreeSnapshot;
import org.duplex.resync.tree.LocalTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitBrainTest {
    @TempDir
    Path base;

    @Test
    void decisionTable() {
        Side primaryFew = new Side("n1", true, 10);
        Side secondMany = new Side("n2", false, 99);
        Side secondFew = new Side("n2", false, 10);
        Side primaryMany = new Side("n1", true, 99);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_LAST_PRIMARY, primaryFew, secondMany)).isEqualTo(KEEP_LOCAL);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_LAST_PRIMARY, secondMany, primaryFew)).isEqualTo(KEEP_PEER);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_MORE_CHANGES, primaryFew, secondMany)).isEqualTo(KEEP_PEER);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_MORE_CHANGES, secondMany, primaryFew)).isEqualTo(KEEP_LOCAL);
        // ties fall through to the other criterion, then to the operator
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_MORE_CHANGES, primaryFew, secondFew)).isEqualTo(KEEP_LOCAL);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_LAST_PRIMARY, primaryFew, primaryMany)).isEqualTo(KEEP_PEER);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.KEEP_LAST_PRIMARY, primaryFew, new Side("n2", true, 10)))
                .isEqualTo(WAIT_FOR_OPERATOR);
        assertThat(SplitBrainDecision.decide(SplitBrainPolicy.MANUAL, primaryMany, secondFew)).isEqualTo(WAIT_FOR_OPERATOR);
    }

    @Test
    void theLosersDivergentFilesAreSavedWithAManifestAndAnAlertBeforeResyncOverwritesThem() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("SplitBrainTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, rnd, 12, 100_000);
            pair.run(Kind.FULL);
            // apart: both sides write; the target (loser) records its own changes
            new ApartWriter(pair.sourceData, pair.sourceRecorder).scatteredWrites(rnd, files, 20, 4096);
            ApartWriter loser = new ApartWriter(pair.targetData, pair.targetRecorder);
            loser.write(files.get(3), 0, "loser's bytes".getBytes());
            loser.create("only-on-loser.txt", "precious".getBytes());
            loser.delete(files.get(4));
            byte[] loserVersion = Files.readAllBytes(pair.targetData.resolve(files.get(3)));
            List<ResyncAlert> alerts = new ArrayList<>();
            Clock clock = Clock.fixed(Instant.parse("2026-11-25T13:00:00Z"), ZoneOffset.UTC);
            SplitBrainSaver saver = new SplitBrainSaver(new LocalTree(pair.targetData), pair.targetVar, alerts::add, clock, "n2");

            SplitBrainSaver.Saved saved = saver.save(pair.targetRecorder.dirty().snapshot(), true, pair.channel, "n1");
            pair.run(Kind.FULL);

            assertThat(saved.dir()).isEqualTo(pair.targetVar.resolve("splitbrain/20261125T130000Z"));
            assertThat(saved.manifest().entries()).extracting(SplitBrainSaver.SavedEntry::path)
                    .containsExactlyInAnyOrder(files.get(3), "only-on-loser.txt", files.get(4));
            assertThat(Files.readAllBytes(saved.dir().resolve("files").resolve(files.get(3)))).isEqualTo(loserVersion);
            assertThat(Files.readString(saved.dir().resolve("files/only-on-loser.txt"))).isEqualTo("precious");
            var onDisk = new ObjectMapper().readValue(saved.dir().resolve("manifest.json").toFile(), SplitBrainSaver.Manifest.class);
            assertThat(onDisk).isEqualTo(saved.manifest());
            SplitBrainSaver.SavedEntry entry = onDisk.entries().stream().filter(e -> e.path().equals(files.get(3))).findFirst().orElseThrow();
            assertThat(entry.size()).isEqualTo(loserVersion.length);
            assertThat(entry.xxh64()).isEqualTo(String.format("%016x",
                    XXHashFactory.safeInstance().hash64().hash(loserVersion, 0, loserVersion.length, 0)));
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.level()).isEqualTo(ResyncAlert.Level.ERROR);
                assertThat(a.where()).isEqualTo(saved.dir());
            });
            // and then the loser became an exact copy of the winner
            assertThat(TreeSnapshot.of(pair.targetData)).isEqualTo(TreeSnapshot.of(pair.sourceData));
        }
    }

    @Test
    void withoutRecordsAFullCompareFindsWhatToSave() throws Exception {
        try (ResyncPair pair = new ResyncPair(base)) {
            List<String> files = RandomTrees.create(pair.sourceData, new SplittableRandom(3), 6, 50_000);
            pair.run(Kind.FULL);
            RandomTrees.pwrite(pair.targetData.resolve(files.get(2)), 10, "diverged".getBytes());
            Files.writeString(pair.targetData.resolve("new-here"), "kept");
            List<ResyncAlert> alerts = new ArrayList<>();
            SplitBrainSaver saver = new SplitBrainSaver(new LocalTree(pair.targetData), pair.targetVar, alerts::add,
                    Clock.systemUTC(), "n2");
            // the loser compares itself (as "source" of the read-only compare) with the winner
            var toWinner = new org.duplex.resync.protocol.LoopbackChannel(new org.duplex.resync.target.ResyncTarget(
                    new LocalTree(pair.sourceData), new org.duplex.resync.target.ResyncInProgressFlag(pair.sourceVar), null)::handle);

            SplitBrainSaver.Saved saved = saver.save(new org.duplex.resync.dirty.DirtyState(), false, toWinner, "n1");

            assertThat(saved.manifest().recordsComplete()).isFalse();
            assertThat(saved.manifest().entries()).extracting(SplitBrainSaver.SavedEntry::path)
                    .contains(files.get(2), "new-here");
            assertThat(Files.readString(saved.dir().resolve("files/new-here"))).isEqualTo("kept");
            assertThat(alerts).hasSize(1);
        }
    }
}

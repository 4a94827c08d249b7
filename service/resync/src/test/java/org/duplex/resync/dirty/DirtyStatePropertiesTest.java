package org.duplex.resync.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.roaringbitmap.RoaringBitmap;

/** Dirty bitmaps against a plain {@link BitSet} reference model (jqwik prints the seed of a failure). */
class DirtyStatePropertiesTest {

    record Region(String path, long offset, long length) {}

    @Provide
    Arbitrary<Region> regions() {
        return Combinators.combine(Arbitraries.of("a", "b", "d/c"), Arbitraries.longs().between(0, 3 << 20),
                Arbitraries.longs().between(0, 20_000)).as(Region::new);
    }

    @Property(tries = 200)
    void markedBlocksAreExactlyTheBlocksTouchedByTheRegions(@ForAll @Size(max = 40) List<@From("regions") Region> marks) {
        DirtyState state = new DirtyState();
        Map<String, BitSet> reference = new HashMap<>();
        for (Region r : marks) {
            int count = BlockRanges.blockCount(r.offset(), r.length());
            if (count > 0) {
                state.addBlocks(r.path(), BlockRanges.firstBlock(r.offset()), count);
            }
            BitSet bits = reference.computeIfAbsent(r.path(), p -> new BitSet());
            for (long b = r.offset(); b < r.offset() + r.length(); b++) {
                bits.set((int) (b / 4096));
            }
        }
        reference.values().removeIf(BitSet::isEmpty);
        assertThat(state.blocks().keySet()).isEqualTo(reference.keySet());
        reference.forEach((path, bits) -> assertThat(state.blocksOf(path).toArray()).isEqualTo(bits.stream().toArray()));
    }

    @Property(tries = 200)
    void runsCoverExactlyTheSetBlocksClippedToTheFileAndRespectTheMaximum(
            @ForAll @Size(max = 20) List<@From("regions") Region> marks,
            @ForAll @IntRange(min = 0, max = 4 << 20) int fileSize,
            @ForAll @IntRange(min = 1, max = 64) int maxBlocks) {
        RoaringBitmap bitmap = new RoaringBitmap();
        marks.forEach(r -> BlockRanges.addRegion(bitmap, r.offset(), r.length()));
        long maxRun = (long) maxBlocks * 4096;
        BitSet covered = new BitSet();
        long lastEnd = -1;
        for (BlockRanges.Run run : BlockRanges.runs(bitmap, fileSize, maxRun)) {
            assertThat(run.length()).isPositive().isLessThanOrEqualTo(maxRun);
            assertThat(run.offset()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(run.offset() + run.length()).isLessThanOrEqualTo(fileSize);
            covered.set((int) run.offset(), (int) (run.offset() + run.length()));
            lastEnd = run.offset() + run.length();
        }
        BitSet expected = new BitSet();
        for (int block : bitmap.toArray()) {
            long start = (long) block * 4096;
            if (start < fileSize) {
                expected.set((int) start, (int) Math.min(start + 4096, fileSize));
            }
        }
        assertThat(covered).isEqualTo(expected);
    }

    @Property(tries = 200)
    void renamesMoveRecordsAndTheSerializedFormRoundTrips(@ForAll @Size(max = 20) List<@From("regions") Region> marks,
                                                          @ForAll @Size(max = 6) List<@From("renames") String[]> renames)
            throws IOException {
        DirtyState state = new DirtyState();
        Map<String, RoaringBitmap> reference = new HashMap<>();
        for (Region r : marks) {
            int count = BlockRanges.blockCount(r.offset(), r.length());
            if (count > 0) {
                state.addBlocks(r.path(), BlockRanges.firstBlock(r.offset()), count);
                BlockRanges.addRegion(reference.computeIfAbsent(r.path(), p -> new RoaringBitmap()), r.offset(), r.length());
            }
        }
        for (String[] mv : renames) {
            state.rename(mv[0], mv[1]);
            Map<String, RoaringBitmap> next = new HashMap<>();
            reference.forEach((p, b) -> {
                if (p.equals(mv[1]) || p.startsWith(mv[1] + "/")) {
                    return; // replaced by the rename
                }
                String moved = p.equals(mv[0]) ? mv[1] : p.startsWith(mv[0] + "/") ? mv[1] + p.substring(mv[0].length()) : p;
                next.put(moved, b);
            });
            reference = next;
        }
        assertThat(state.blocks()).isEqualTo(reference);
        DirtyState copy = DirtyState.deserialize(state.serialize());
        assertThat(copy.blocks()).isEqualTo(state.blocks());
        assertThat(copy.changedEntries()).isEqualTo(state.changedEntries());
        assertThat(copy.renames()).isEqualTo(state.renames());
    }

    @Provide
    Arbitrary<String[]> renames() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "d", "d/c", "e");
        return Combinators.combine(names, names).filter((x, y) -> !x.equals(y) && !y.startsWith(x + "/")
                && !x.startsWith(y + "/")).as((x, y) -> new String[] {x, y});
    }
}

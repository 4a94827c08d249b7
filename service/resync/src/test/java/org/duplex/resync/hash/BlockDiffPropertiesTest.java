package org.duplex.resync.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.roaringbitmap.RoaringBitmap;

/** Block diffing against the byte-by-byte truth, and its use: applying the sent blocks rebuilds the source. */
class BlockDiffPropertiesTest {
    private static final int BLOCK = 4096;

    @Property(tries = 300)
    void sendsExactlyTheBlocksWhoseBytesDifferOrThatTheTargetLacks(@ForAll long seed,
                                                                   @ForAll @IntRange(min = 0, max = 40_000) int size,
                                                                   @ForAll @IntRange(min = 0, max = 20) int flips,
                                                                   @ForAll @IntRange(min = -20_000, max = 20_000) int resize) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] source = new byte[size];
        rnd.nextBytes(source);
        byte[] target = Arrays.copyOf(source, Math.max(0, size + resize));
        for (int i = 0; i < flips && target.length > 0; i++) {
            target[rnd.nextInt(target.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
        RoaringBitmap send = BlockDiff.blocksToSend(BlockHasher.digest(source, BLOCK).blockHashes(),
                BlockHasher.digest(target, BLOCK).blockHashes(), 0);

        int blocks = BlockHasher.blockCount(size, BLOCK);
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int to = Math.min(from + BLOCK, size);
            boolean sameBytes = sameBlock(source, target, from, to);
            assertThat(send.contains(b)).as("block %d (seed %d)", b, seed).isEqualTo(!sameBytes);
        }
        byte[] rebuilt = Arrays.copyOf(target, size);
        for (int b : send.toArray()) {
            int from = b * BLOCK;
            System.arraycopy(source, from, rebuilt, from, Math.min(BLOCK, size - from));
        }
        assertThat(rebuilt).isEqualTo(source);
    }

    /** A block is the same when the target holds the same bytes and, for the source's last block, the same length. */
    private static boolean sameBlock(byte[] source, byte[] target, int from, int to) {
        int targetTo = Math.min(from + BLOCK, target.length);
        return targetTo == to && Arrays.equals(source, from, to, target, from, targetTo);
    }

    @Property(tries = 50)
    void fileDigestEqualsInMemoryDigest(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3_000_000) int size)
            throws Exception {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("digest", ".bin");
        try {
            java.nio.file.Files.write(f, data);
            FileDigest onDisk = BlockHasher.digest(f, 65536, 0);
            FileDigest inMemory = BlockHasher.digest(data, 65536);
            assertThat(onDisk.blockHashes()).isEqualTo(inMemory.blockHashes());
            assertThat(onDisk.wholeHash()).isEqualTo(inMemory.wholeHash());
            assertThat(onDisk.size()).isEqualTo(size);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}

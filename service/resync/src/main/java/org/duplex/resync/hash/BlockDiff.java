package org.duplex.resync.hash;

import org.roaringbitmap.RoaringBitmap;

/**
 * Which blocks of the source file the target must receive, from both sides' block hashes: blocks
 * whose hashes differ and blocks the target lacks. Pure. Blocks the target has beyond the source's
 * end need no data: the size is set afterwards.
 */
public final class BlockDiff {
    private BlockDiff() {}

    /**
     * @param source hashes of the source's blocks {@code fromBlock..}
     * @param target hashes of the target's blocks {@code fromBlock..} (may be shorter or longer)
     * @return absolute block indexes ({@code fromBlock + i}) to send
     */
    public static RoaringBitmap blocksToSend(long[] source, long[] target, int fromBlock) {
        RoaringBitmap out = new RoaringBitmap();
        for (int i = 0; i < source.length; i++) {
            if (i >= target.length || source[i] != target[i]) {
                out.add(fromBlock + i);
            }
        }
        return out;
    }
}

package org.duplex.resync.dirty;

import java.util.ArrayList;
import java.util.List;
import org.duplex.common.Check;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Byte-range to block-index maths for dirty tracking at {@link #BLOCK_BYTES} granularity.
 *
 * <p>A region marks every block it touches, even partly: resync then resends whole blocks, which is
 * safe (the source's current bytes overwrite the target's) and costs at most one block per edge.
 */
public final class BlockRanges {
    /** Dirty-tracking granularity: one bit per 4 KiB of a file. */
    public static final int BLOCK_BYTES = 4096;
    /** Block indexes are ints: files up to 16 TiB. */
    public static final long MAX_FILE_BYTES = (long) BLOCK_BYTES * Integer.MAX_VALUE;

    private BlockRanges() {}

    /** Index of the first block touched by a region starting at {@code offset}. */
    public static int firstBlock(long offset) {
        Check.argument(offset >= 0 && offset < MAX_FILE_BYTES, "offset %d outside 0..16 TiB", offset);
        return (int) (offset / BLOCK_BYTES);
    }

    /** Number of blocks touched by {@code [offset, offset + length)}; 0 when {@code length == 0}. */
    public static int blockCount(long offset, long length) {
        Check.argument(length >= 0, "negative length %d", length);
        if (length == 0) {
            return 0;
        }
        long end = offset + length;
        Check.argument(end <= MAX_FILE_BYTES, "region end %d beyond 16 TiB", end);
        long last = (end - 1) / BLOCK_BYTES;
        return (int) (last - offset / BLOCK_BYTES + 1);
    }

    /** Adds the blocks of {@code [offset, offset + length)} to {@code bitmap}. */
    public static void addRegion(RoaringBitmap bitmap, long offset, long length) {
        int count = blockCount(offset, length);
        if (count > 0) {
            long first = firstBlock(offset);
            bitmap.add(first, first + count);
        }
    }

    /** A run of consecutive set blocks, as a byte range. */
    public record Run(long offset, long length) {}

    /**
     * The set blocks of {@code bitmap} as maximal byte runs, each at most {@code maxRunBytes} long
     * (so one run fits one transfer message), clipped to {@code fileSize}; runs past the end vanish.
     */
    public static List<Run> runs(RoaringBitmap bitmap, long fileSize, long maxRunBytes) {
        return runs(bitmap, BLOCK_BYTES, fileSize, maxRunBytes);
    }

    /** As {@link #runs(RoaringBitmap, long, long)} for blocks of {@code blockBytes}. */
    public static List<Run> runs(RoaringBitmap bitmap, int blockBytes, long fileSize, long maxRunBytes) {
        Check.argument(maxRunBytes >= blockBytes, "max run %d smaller than a block", maxRunBytes);
        List<Run> out = new ArrayList<>();
        IntIterator it = bitmap.getIntIterator();
        long runStart = -1;
        long runEnd = -1;
        while (it.hasNext()) {
            long start = (long) it.next() * blockBytes;
            if (start >= fileSize) {
                break;
            }
            long end = Math.min(start + blockBytes, fileSize);
            if (runStart >= 0 && start == runEnd && end - runStart <= maxRunBytes) {
                runEnd = end;
            } else {
                if (runStart >= 0) {
                    out.add(new Run(runStart, runEnd - runStart));
                }
                runStart = start;
                runEnd = end;
            }
        }
        if (runStart >= 0) {
            out.add(new Run(runStart, runEnd - runStart));
        }
        return out;
    }
}

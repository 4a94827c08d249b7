package org.duplex.replication.primary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-file byte-range locks: two holders never hold overlapping ranges of the same path at once, so
 * overlapping writes are applied locally and given sequence numbers in the same order, while writes
 * to disjoint ranges (the common case for a database's pages) go on in parallel.
 *
 * <p>One monitor guards the table; holders are few and held for one local operation, so a list per
 * path is enough. Lock order: the pipeline takes the namespace lock, then range locks, then its own
 * sequence lock; never the other way round.
 */
public final class RangeLocks {
    /** A range that covers a whole file, for truncate and attribute changes. */
    public static final long WHOLE_FILE = Long.MAX_VALUE;

    private record Range(long start, long end) {
        boolean overlaps(Range other) {
            return start < other.end && other.start < end;
        }
    }

    private final Map<Object, List<Range>> held = new HashMap<>();

    /** A held lock; closing it releases the range. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until {@code [offset, offset + length)} of the file {@code path} (a path or a file identity) is free, then holds it. */
    public Held lock(Object path, long offset, long length) throws InterruptedException {
        long end = length >= WHOLE_FILE - offset ? WHOLE_FILE : offset + Math.max(1, length);
        Range range = new Range(offset, end);
        synchronized (this) {
            while (overlapsHeld(path, range)) {
                wait();
            }
            held.computeIfAbsent(path, p -> new ArrayList<>(2)).add(range);
        }
        return () -> release(path, range);
    }

    /** Number of paths with a held range (for tests: must return to 0). */
    public synchronized int pathsHeld() {
        return held.size();
    }

    private boolean overlapsHeld(Object path, Range range) {
        List<Range> ranges = held.get(path);
        if (ranges == null) {
            return false;
        }
        for (Range other : ranges) {
            if (other.overlaps(range)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void release(Object path, Range range) {
        List<Range> ranges = held.get(path);
        if (ranges == null || !ranges.remove(range)) {
            throw new IllegalStateException("range " + range + " of '" + path + "' released but not held");
        }
        if (ranges.isEmpty()) {
            held.remove(path);
        }
        notifyAll();
    }
}

package org.duplex.resync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.duplex.resync.source.LiveWriteOrdering;

/**
 * A minimal stand-in for the replication pipeline during resync: per-file byte-range locks, and a
 * live write that takes the lock, writes the source, applies the same bytes on the target and
 * copies the mtime (as the pipeline replicates attribute changes).
 */
public final class TestLivePipeline implements LiveWriteOrdering {
    private final Path source;
    private final Path target;
    private final List<Range> held = new ArrayList<>();
    private final boolean locking;
    private int waiting;

    private record Range(String path, long offset, long end) {
        boolean overlaps(Range o) {
            return path.equals(o.path) && offset < o.end && o.offset < end;
        }
    }

    /** {@code locking == false} turns the locks off (only to show the test catches the race). */
    public TestLivePipeline(Path source, Path target, boolean locking) {
        this.source = source;
        this.target = target;
        this.locking = locking;
    }

    @Override
    public RangeLock lock(String path, long offset, long length) throws InterruptedException {
        if (!locking) {
            return () -> {};
        }
        long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        Range r = new Range(path, offset, end);
        synchronized (this) {
            while (held.stream().anyMatch(r::overlaps)) {
                waiting++;
                try {
                    wait();
                } finally {
                    waiting--;
                }
            }
            held.add(r);
        }
        return () -> {
            synchronized (this) {
                held.remove(r);
                notifyAll();
            }
        };
    }

    /** Live writes blocked on a range lock right now. */
    public synchronized int waiting() {
        return waiting;
    }

    /** A replicated application write. */
    public void liveWrite(String rel, long offset, byte[] data) throws IOException, InterruptedException {
        try (RangeLock lock = lock(rel, offset, data.length)) {
            RandomTrees.pwrite(source.resolve(rel), offset, data);
            Path t = target.resolve(rel);
            if (Files.isRegularFile(t)) {
                RandomTrees.pwrite(t, offset, data);
            } else {
                Files.createDirectories(t.getParent());
                Files.write(t, new byte[0]);
                RandomTrees.pwrite(t, offset, data);
            }
            Files.setLastModifiedTime(t, Files.getLastModifiedTime(source.resolve(rel)));
        }
    }
}

package org.duplex.replication.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.duplex.resync.DirtyRecorder;

/** A thread-safe in-memory {@link DirtyRecorder} that keeps every call, for assertions. */
public final class MemoryDirtyRecorder implements DirtyRecorder {
    public record Region(String path, long offset, long length) {}

    private final List<Region> hot = new ArrayList<>();
    private final List<Region> dirty = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();
    private final List<String> renames = new ArrayList<>();
    private volatile boolean failing;

    /** From now on every call throws, as a full or broken disk would. */
    public void failFromNowOn() {
        failing = true;
    }

    @Override
    public synchronized void beforeWrite(String path, long offset, long length) throws IOException {
        check();
        hot.add(new Region(path, offset, length));
    }

    @Override
    public synchronized void markDirty(String path, long offset, long length) throws IOException {
        check();
        dirty.add(new Region(path, offset, length));
    }

    @Override
    public synchronized void markEntryChanged(String path) throws IOException {
        check();
        entries.add(path);
    }

    @Override
    public synchronized void markRenamed(String from, String to) throws IOException {
        check();
        renames.add(from + " -> " + to);
    }

    public synchronized List<Region> hot() {
        return List.copyOf(hot);
    }

    public synchronized List<Region> dirty() {
        return List.copyOf(dirty);
    }

    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<String> renames() {
        return List.copyOf(renames);
    }

    private void check() throws IOException {
        if (failing) {
            throw new IOException("simulated recorder failure");
        }
    }
}

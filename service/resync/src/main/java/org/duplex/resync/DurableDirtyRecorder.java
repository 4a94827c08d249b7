package org.duplex.resync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.duplex.resync.activity.ActivityLog;
import org.duplex.resync.dirty.DirtyLog;

/**
 * The durable {@link DirtyRecorder}: an {@link ActivityLog} for {@code beforeWrite} and a
 * {@link DirtyLog} (per-file 4 KiB bitmaps + entry changes + renames) for the rest. Every method
 * returns only once its record is on stable storage.
 *
 * <p>Layout under {@code varDir}: {@code activity/} and {@code dirty/}.
 */
public final class DurableDirtyRecorder implements DirtyRecorder, Closeable {
    private final ActivityLog activity;
    private final DirtyLog dirty;

    public DurableDirtyRecorder(ActivityLog activity, DirtyLog dirty) {
        this.activity = activity;
        this.dirty = dirty;
    }

    /** Opens (recovering after a crash) the recorder kept in {@code varDir}. */
    public static DurableDirtyRecorder open(Path varDir) throws IOException {
        ActivityLog activity = ActivityLog.open(varDir.resolve("activity"));
        try {
            return new DurableDirtyRecorder(activity, DirtyLog.open(varDir.resolve("dirty")));
        } catch (IOException | RuntimeException e) {
            activity.closeAsIfCrashed();
            throw e;
        }
    }

    @Override
    public void beforeWrite(String path, long offset, long length) throws IOException {
        activity.beforeWrite(path, offset, length);
    }

    @Override
    public void markDirty(String path, long offset, long length) throws IOException {
        dirty.markDirty(path, offset, length);
    }

    @Override
    public void markEntryChanged(String path) throws IOException {
        dirty.markEntryChanged(path);
    }

    @Override
    public void markRenamed(String from, String to) throws IOException {
        dirty.markRenamed(from, to);
    }

    public ActivityLog activity() {
        return activity;
    }

    public DirtyLog dirty() {
        return dirty;
    }

    @Override
    public void close() throws IOException {
        try {
            activity.close();
        } finally {
            dirty.close();
        }
    }
}

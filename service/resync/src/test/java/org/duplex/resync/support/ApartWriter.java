package org.duplex.resync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.duplex.resync.DirtyRecorder;

/**
 * Plays the replication pipeline while the peer is away: changes the source tree and tells the
 * {@link DirtyRecorder} exactly what the pipeline would (beforeWrite + markDirty for writes,
 * markEntryChanged for namespace and attribute changes, markRenamed for renames).
 */
public final class ApartWriter {
    private final Path root;
    private final DirtyRecorder recorder;
    private long bytesWritten;

    public ApartWriter(Path root, DirtyRecorder recorder) {
        this.root = root;
        this.recorder = recorder;
    }

    public void write(String rel, long offset, byte[] data) throws IOException {
        recorder.beforeWrite(rel, offset, data.length);
        RandomTrees.pwrite(root.resolve(rel), offset, data);
        recorder.markDirty(rel, offset, data.length);
        bytesWritten += data.length;
    }

    /** {@code count} writes of {@code bytes} each at random offsets inside random files. */
    public void scatteredWrites(SplittableRandom rnd, List<String> files, int count, int bytes) throws IOException {
        for (int i = 0; i < count; i++) {
            String rel = files.get(rnd.nextInt(files.size()));
            long size = Files.size(root.resolve(rel));
            if (size < bytes) {
                continue;
            }
            long offset = rnd.nextLong(size - bytes + 1) / bytes * bytes;
            byte[] data = new byte[bytes];
            RandomTrees.fill(rnd, data);
            write(rel, offset, data);
        }
    }

    public void create(String rel, byte[] data) throws IOException {
        Files.createDirectories(root.resolve(rel).getParent());
        Files.write(root.resolve(rel), data);
        recorder.markEntryChanged(rel);
        recorder.markDirty(rel, 0, data.length);
    }

    public void delete(String rel) throws IOException {
        Files.delete(root.resolve(rel));
        recorder.markEntryChanged(rel);
    }

    public void rename(String from, String to) throws IOException {
        Files.move(root.resolve(from), root.resolve(to));
        recorder.markRenamed(from, to);
    }

    public void chmod(String rel, String perms) throws IOException {
        Files.setPosixFilePermissions(root.resolve(rel), java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        recorder.markEntryChanged(rel);
    }

    public void mkdir(String rel) throws IOException {
        Files.createDirectories(root.resolve(rel));
        recorder.markEntryChanged(rel);
    }

    public void symlink(String rel, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(rel), Path.of(target));
        recorder.markEntryChanged(rel);
    }

    public long bytesWritten() {
        return bytesWritten;
    }
}

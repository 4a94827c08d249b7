package org.duplex.resync.splitbrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.duplex.common.AtomicFiles;
import org.duplex.resync.dirty.DirtyState;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.tree.LocalTree;
import org.duplex.resync.verify.Difference;
import org.duplex.resync.verify.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the node whose data lose a split brain, before reintegration overwrites them: copies every
 * divergent entry into {@code <varDir>/splitbrain/<UTC timestamp>/files/<path>}, writes a
 * {@code manifest.json} (path, type, size, xxHash64 of the content with seed 0 as {@code xxh64sum}
 * prints it, reason), makes it all durable, and raises an ERROR alert. Nothing is lost silently.
 *
 * <p>Divergent = this node's own dirty records (blocks, changed entries, rename targets). When the
 * records are missing or cannot be trusted, a full compare with the surviving peer finds them.
 */
public final class SplitBrainSaver {
    private static final Logger log = LoggerFactory.getLogger(SplitBrainSaver.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LocalTree tree;
    private final Path varDir;
    private final ResyncAlert.Listener alerts;
    private final Clock clock;
    private final String node;

    public SplitBrainSaver(LocalTree tree, Path varDir, ResyncAlert.Listener alerts, Clock clock, String node) {
        this.tree = tree;
        this.varDir = varDir;
        this.alerts = alerts;
        this.clock = clock;
        this.node = node;
    }

    /** One saved (or noted) entry of the manifest. */
    public record SavedEntry(String path, String type, long size, String xxh64, String reason, String savedAs) {}

    /** The manifest written beside the copies. */
    public record Manifest(String node, String createdAt, boolean recordsComplete, String peer, List<SavedEntry> entries) {}

    /** Where the copies went and what they are. */
    public record Saved(Path dir, Manifest manifest) {}

    /**
     * Saves this node's divergent entries.
     *
     * @param ownRecords     this node's dirty records from while apart (ignored unless complete)
     * @param recordsComplete false when the records are missing or suspect: a full compare is run
     * @param winner         the surviving peer, for the full compare (read-only requests)
     */
    public Saved save(DirtyState ownRecords, boolean recordsComplete, ResyncChannel winner, String peerName)
            throws IOException {
        TreeMap<String, String> divergent = new TreeMap<>();
        if (recordsComplete) {
            ownRecords.blocks().keySet().forEach(p -> divergent.put(p, "written here while apart"));
            ownRecords.changedEntries().forEach(p -> divergent.putIfAbsent(p, "changed here while apart"));
        } else {
            for (Difference d : new Verifier(tree, winner, 65536).run()) {
                divergent.put(d.path(), "differs from " + peerName + " (" + d.kind() + ": " + d.detail() + ")");
            }
        }
        Path dir = newDir();
        List<SavedEntry> entries = new ArrayList<>();
        for (var e : divergent.entrySet()) {
            entries.add(saveOne(dir, e.getKey(), e.getValue()));
        }
        Manifest manifest = new Manifest(node, clock.instant().toString(), recordsComplete, peerName, entries);
        AtomicFiles.write(dir.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
        try (var dirs = Files.walk(dir)) {
            for (Path d : (Iterable<Path>) dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
                AtomicFiles.fsyncDirectory(d); // the copies' names are durable too
            }
        }
        AtomicFiles.fsyncDirectory(dir.getParent());
        String message = "split brain: " + node + "'s data lose to " + peerName + "; " + entries.size()
                + " divergent entries of " + node + " saved in " + dir + " (manifest.json) before resync";
        log.error(message);
        try {
            alerts.alert(new ResyncAlert(ResyncAlert.Level.ERROR, message, dir));
        } catch (RuntimeException ex) {
            log.error("split brain: alert listener failed: {}", ex.toString());
        }
        return new Saved(dir, manifest);
    }

    private Path newDir() throws IOException {
        Path parent = varDir.resolve("splitbrain");
        Files.createDirectories(parent);
        String stamp = STAMP.format(clock.instant());
        Path dir = parent.resolve(stamp);
        for (int i = 1; Files.exists(dir); i++) {
            dir = parent.resolve(stamp + "-" + i);
        }
        Files.createDirectories(dir.resolve("files"));
        return dir;
    }

    private SavedEntry saveOne(Path dir, String rel, String reason) throws IOException {
        EntryMeta meta = tree.stat(rel);
        if (meta == null) {
            return new SavedEntry(rel, "ABSENT", -1, null, reason + "; absent here (deleted or renamed away)", null);
        }
        Path copy = dir.resolve("files").resolve(rel);
        Files.createDirectories(copy.getParent());
        String savedAs = dir.relativize(copy).toString();
        switch (meta.type()) {
            case FILE -> {
                String hash = copyAndHash(tree.resolve(rel), copy);
                Files.setLastModifiedTime(copy, FileTime.from(meta.mtimeNanos(), TimeUnit.NANOSECONDS));
                return new SavedEntry(rel, "FILE", meta.size(), hash, reason, savedAs);
            }
            case SYMLINK -> {
                Files.createSymbolicLink(copy, Path.of(meta.linkTarget()));
                return new SavedEntry(rel, "SYMLINK", 0, null, reason + "; -> " + meta.linkTarget(), savedAs);
            }
            default -> {
                return new SavedEntry(rel, meta.type().name(), 0, null, reason, null);
            }
        }
    }

    private static String copyAndHash(Path from, Path to) throws IOException {
        StreamingXXHash64 hash = XXHashFactory.fastestInstance().newStreamingHash64(0);
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                hash.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return String.format("%016x", hash.getValue());
    }
}

package org.duplex.resync.activity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.duplex.common.AtomicFiles;
import org.duplex.common.Check;
import org.duplex.resync.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRBD-style activity log: the set of file extents being written now, kept durable so that after a
 * crash every region that might hold a write the peer never got (or a write the peer got and we did
 * not) is known, without logging each write.
 *
 * <p>{@link #beforeWrite} makes the touched extents hot. When they already are, it only refreshes
 * their LRU position: no I/O. When an extent turns hot it appends one small transaction (extents
 * made hot, plus the least recently used extents evicted to stay within {@code maxHotExtents}) and
 * waits for its fsync (group commit with concurrent writers). A too-small set churns: size it well
 * above the pipeline's in-flight window, because an evicted extent must have no write in flight.
 *
 * <p>After a crash, {@link #open} finds the extents that were hot and keeps them in
 * {@code activity.recovered} until {@link #clearRecovered} (after a reintegration that covered
 * them). A clean {@link #close} cools everything, so a clean restart recovers nothing.
 */
public final class ActivityLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ActivityLog.class);
    static final String JOURNAL = "activity.journal";
    static final String RECOVERED = "activity.recovered";
    /** DRBD's extent size: 4 MiB. */
    public static final long EXTENT_BYTES_DEFAULT = 4L << 20;
    /** 1237 extents of 4 MiB, DRBD's default al-extents: about 5 GiB hot at most. */
    public static final int MAX_HOT_EXTENTS_DEFAULT = 1237;
    /** Journal records between compactions (rewriting the journal as just the hot set). */
    static final int COMPACT_RECORDS = 4096;

    private final Path dir;
    private final long extentBytes;
    private final int maxHotExtents;
    /** Hot extents in LRU order (eldest first) -> sequence number of the record that made them hot. */
    private final LinkedHashMap<HotExtent, Long> hot = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<HotExtent> recovered;
    private Journal journal;
    private int recordsSinceCompaction;

    private ActivityLog(Path dir, long extentBytes, int maxHotExtents, Set<HotExtent> recovered, Journal journal) {
        this.dir = dir;
        this.extentBytes = extentBytes;
        this.maxHotExtents = maxHotExtents;
        this.recovered = recovered;
        this.journal = journal;
    }

    public static ActivityLog open(Path dir) throws IOException {
        return open(dir, EXTENT_BYTES_DEFAULT, MAX_HOT_EXTENTS_DEFAULT);
    }

    public static ActivityLog open(Path dir, long extentBytes, int maxHotExtents) throws IOException {
        Check.argument(extentBytes >= 4096 && maxHotExtents >= 1, "bad activity log geometry %d x %d",
                extentBytes, maxHotExtents);
        Files.createDirectories(dir);
        Set<HotExtent> recovered = readRecovered(dir.resolve(RECOVERED));
        Path journalFile = dir.resolve(JOURNAL);
        Journal.Recovered r = Journal.open(journalFile, 0);
        Set<HotExtent> hotAtCrash = new LinkedHashSet<>();
        for (byte[] payload : r.records()) {
            applyTransaction(payload, hotAtCrash);
        }
        r.journal().close();
        if (!hotAtCrash.isEmpty()) {
            log.warn("activity log: {} extents were hot at the last crash; they will be resynced", hotAtCrash.size());
            recovered.addAll(hotAtCrash);
            AtomicFiles.write(dir.resolve(RECOVERED), encodeSet(recovered));
        }
        Journal.createEmpty(journalFile, 0);
        Journal journal = Journal.open(journalFile, 0).journal();
        return new ActivityLog(dir, extentBytes, maxHotExtents, recovered, journal);
    }

    public long extentBytes() {
        return extentBytes;
    }

    /** Returns once every extent touched by {@code [offset, offset + length)} is durably hot. */
    public void beforeWrite(String path, long offset, long length) throws IOException {
        if (length <= 0) {
            return;
        }
        long first = offset / extentBytes;
        long last = (offset + length - 1) / extentBytes;
        Check.argument(last - first < maxHotExtents, "write of %d bytes spans more extents than the log holds", length);
        long waitFor = 0;
        Journal j;
        synchronized (this) {
            j = journal;
            List<HotExtent> added = new ArrayList<>();
            for (long i = first; i <= last; i++) {
                HotExtent e = new HotExtent(path, i, extentBytes);
                Long seq = hot.get(e);
                if (seq == null) {
                    added.add(e);
                } else {
                    waitFor = Math.max(waitFor, seq);
                }
            }
            if (!added.isEmpty()) {
                List<HotExtent> evicted = new ArrayList<>();
                var it = hot.keySet().iterator();
                while (hot.size() - evicted.size() + added.size() > maxHotExtents && it.hasNext()) {
                    HotExtent eldest = it.next();
                    if (eldest.path().equals(path) && eldest.index() >= first && eldest.index() <= last) {
                        continue;
                    }
                    evicted.add(eldest);
                }
                evicted.forEach(hot::remove);
                long seq = j.append(encodeTransaction(added, evicted));
                for (HotExtent e : added) {
                    hot.put(e, seq);
                }
                waitFor = seq;
                if (++recordsSinceCompaction >= COMPACT_RECORDS) {
                    j.awaitDurable(seq);
                    compact();
                    return;
                }
            }
        }
        j.awaitDurable(waitFor);
    }

    /** Rewrites the journal as a single transaction holding the hot set (monitor held). */
    private void compact() throws IOException {
        Path journalFile = dir.resolve(JOURNAL);
        Path next = dir.resolve(JOURNAL + ".next");
        Journal.createEmpty(next, 0);
        try (Journal fresh = Journal.open(next, 0).journal()) {
            fresh.appendDurably(encodeTransaction(new ArrayList<>(hot.keySet()), List.of()));
        }
        journal.close();
        Files.move(next, journalFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.fsyncDirectory(dir);
        journal = Journal.open(journalFile, 0).journal();
        long seq = journal.lastSeq();
        hot.replaceAll((e, s) -> seq);
        recordsSinceCompaction = 0;
    }

    /** Extents hot now (a copy, eldest first). */
    public synchronized List<HotExtent> hotExtents() {
        return new ArrayList<>(hot.keySet());
    }

    /** Extents that were hot at an earlier crash and not yet covered by a reintegration. */
    public synchronized Set<HotExtent> recovered() {
        return new LinkedHashSet<>(recovered);
    }

    /** Forgets the recovered extents, durably: call once a reintegration has resent them. */
    public synchronized void clearRecovered(Collection<HotExtent> covered) throws IOException {
        recovered.removeAll(covered);
        AtomicFiles.write(dir.resolve(RECOVERED), encodeSet(recovered));
    }

    /** Clean shutdown: cools every extent durably, so the next open recovers nothing new. */
    @Override
    public synchronized void close() throws IOException {
        journal.close();
        Journal.createEmpty(dir.resolve(JOURNAL), 0);
        hot.clear();
    }

    /** Closes without cooling, as a crash would leave it (tests). */
    public synchronized void closeAsIfCrashed() throws IOException {
        journal.close();
    }

    private static byte[] encodeTransaction(List<HotExtent> added, List<HotExtent> evicted) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writeList(out, added);
            writeList(out, evicted);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void applyTransaction(byte[] payload, Set<HotExtent> hot) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        hot.addAll(readList(in));
        hot.removeAll(readList(in));
    }

    private static void writeList(DataOutputStream out, Collection<HotExtent> extents) throws IOException {
        out.writeInt(extents.size());
        for (HotExtent e : extents) {
            out.writeUTF(e.path());
            out.writeLong(e.index());
            out.writeLong(e.extentBytes());
        }
    }

    private static List<HotExtent> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<HotExtent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new HotExtent(in.readUTF(), in.readLong(), in.readLong()));
        }
        return out;
    }

    private static byte[] encodeSet(Set<HotExtent> set) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writeList(out, set);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<HotExtent> readRecovered(Path file) throws IOException {
        Set<HotExtent> set = new LinkedHashSet<>();
        if (Files.exists(file)) {
            set.addAll(readList(new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))));
        }
        return set;
    }
}

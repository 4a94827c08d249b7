package org.duplex.resync.dirty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;

/**
 * What changed on this node while its peer was away, in memory: per-file dirty blocks, entries
 * changed by name, and the renames in the order they happened. Pure data; {@link DirtyLog} makes it
 * durable by journaling every change before applying it here.
 *
 * <p>Renames move the record: the blocks of {@code from} (and of everything under it, for a
 * directory) move to {@code to}, both names are marked changed, and the rename is kept so that
 * reintegration can replay it on the target instead of copying the renamed data again.
 */
public final class DirtyState {
    private final NavigableMap<String, RoaringBitmap> blocks = new TreeMap<>();
    private final NavigableSet<String> changedEntries = new TreeSet<>();
    private final List<Rename> renames = new ArrayList<>();

    /** A rename recorded while apart. */
    public record Rename(String from, String to) {}

    /** Adds blocks; returns false when all were already dirty (nothing new to record). */
    public boolean addBlocks(String path, int firstBlock, int count) {
        RoaringBitmap bitmap = blocks.get(path);
        if (bitmap != null && bitmap.contains((long) firstBlock, (long) firstBlock + count)) {
            return false;
        }
        blocks.computeIfAbsent(path, p -> new RoaringBitmap()).add((long) firstBlock, (long) firstBlock + count);
        return true;
    }

    /** Marks an entry changed; returns false when it already was. */
    public boolean addEntry(String path) {
        return changedEntries.add(path);
    }

    public void rename(String from, String to) {
        if (from.equals(to)) {
            return; // rename(2) onto itself changes nothing
        }
        renames.add(new Rename(from, to));
        moveKeys(from, to);
        changedEntries.add(from);
        changedEntries.add(to);
    }

    private void moveKeys(String from, String to) {
        blocks.remove(to);
        removeUnder(to);
        RoaringBitmap own = blocks.remove(from);
        if (own != null) {
            blocks.put(to, own);
        }
        String prefix = from + "/";
        List<String> under = new ArrayList<>(blocks.subMap(prefix, true, prefix + Character.MAX_VALUE, true).keySet());
        for (String key : under) {
            blocks.put(to + "/" + key.substring(prefix.length()), blocks.remove(key));
        }
        List<String> entriesUnder = new ArrayList<>(changedEntries.subSet(prefix, true, prefix + Character.MAX_VALUE, true));
        for (String key : entriesUnder) {
            changedEntries.add(to + "/" + key.substring(prefix.length()));
        }
    }

    private void removeUnder(String dir) {
        String prefix = dir + "/";
        blocks.subMap(prefix, true, prefix + Character.MAX_VALUE, true).clear();
    }

    /** Forgets blocks that reintegration has sent. */
    public void clearBlocks(String path, RoaringBitmap sent) {
        RoaringBitmap bitmap = blocks.get(path);
        if (bitmap != null) {
            bitmap.andNot(sent);
            if (bitmap.isEmpty()) {
                blocks.remove(path);
            }
        }
    }

    public void clearEntry(String path) {
        changedEntries.remove(path);
    }

    /** Forgets the first {@code count} renames (replayed on the target). */
    public void clearRenames(int count) {
        renames.subList(0, Math.min(count, renames.size())).clear();
    }

    public void clearAll() {
        blocks.clear();
        changedEntries.clear();
        renames.clear();
    }

    public boolean isEmpty() {
        return blocks.isEmpty() && changedEntries.isEmpty() && renames.isEmpty();
    }

    /** The dirty blocks of {@code path}, a copy; empty when none. */
    public RoaringBitmap blocksOf(String path) {
        RoaringBitmap bitmap = blocks.get(path);
        return bitmap == null ? new RoaringBitmap() : bitmap.clone();
    }

    /** A deep copy, for reintegration to plan from while new changes keep arriving here. */
    public DirtyState copy() {
        DirtyState c = new DirtyState();
        blocks.forEach((p, b) -> c.blocks.put(p, b.clone()));
        c.changedEntries.addAll(changedEntries);
        c.renames.addAll(renames);
        return c;
    }

    public NavigableMap<String, RoaringBitmap> blocks() {
        return Collections.unmodifiableNavigableMap(blocks);
    }

    public NavigableSet<String> changedEntries() {
        return Collections.unmodifiableNavigableSet(changedEntries);
    }

    public List<Rename> renames() {
        return Collections.unmodifiableList(renames);
    }

    /** Number of dirty blocks over all files. */
    public long dirtyBlockCount() {
        long n = 0;
        for (RoaringBitmap b : blocks.values()) {
            n += b.getLongCardinality();
        }
        return n;
    }

    /** Compact binary form (Roaring's portable serialization per file), for snapshot files. */
    public byte[] serialize() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(blocks.size());
            for (Map.Entry<String, RoaringBitmap> e : blocks.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().runOptimize();
                out.writeInt(e.getValue().serializedSizeInBytes());
                e.getValue().serialize(out);
            }
            out.writeInt(changedEntries.size());
            for (String p : changedEntries) {
                out.writeUTF(p);
            }
            out.writeInt(renames.size());
            for (Rename r : renames) {
                out.writeUTF(r.from());
                out.writeUTF(r.to());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DirtyState deserialize(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        DirtyState s = new DirtyState();
        int files = in.readInt();
        for (int i = 0; i < files; i++) {
            String path = in.readUTF();
            int size = in.readInt();
            RoaringBitmap b = new RoaringBitmap();
            b.deserialize(in);
            if (b.serializedSizeInBytes() != size) {
                throw new IOException("dirty snapshot: bitmap of '" + path + "' has a bad size");
            }
            s.blocks.put(path, b);
        }
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
            s.changedEntries.add(in.readUTF());
        }
        int renames = in.readInt();
        for (int i = 0; i < renames; i++) {
            s.renames.add(new Rename(in.readUTF(), in.readUTF()));
        }
        return s;
    }
}

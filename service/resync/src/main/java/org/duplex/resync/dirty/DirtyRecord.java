package org.duplex.resync.dirty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.roaringbitmap.RoaringBitmap;

/** One change of {@link DirtyState}, as journaled by {@link DirtyLog}: encode, decode, apply. */
public sealed interface DirtyRecord {

    void applyTo(DirtyState state);

    record Mark(String path, int firstBlock, int count) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.addBlocks(path, firstBlock, count);
        }
    }

    record EntryChanged(String path) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.addEntry(path);
        }
    }

    record Renamed(String from, String to) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.rename(from, to);
        }
    }

    record ClearBlocks(String path, RoaringBitmap blocks) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.clearBlocks(path, blocks);
        }
    }

    record ClearEntry(String path) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.clearEntry(path);
        }
    }

    record ClearRenames(int count) implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.clearRenames(count);
        }
    }

    record ClearAll() implements DirtyRecord {
        @Override
        public void applyTo(DirtyState state) {
            state.clearAll();
        }
    }

    static byte[] encode(DirtyRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            switch (record) {
                case Mark m -> {
                    out.writeByte(1);
                    out.writeUTF(m.path());
                    out.writeInt(m.firstBlock());
                    out.writeInt(m.count());
                }
                case EntryChanged e -> {
                    out.writeByte(2);
                    out.writeUTF(e.path());
                }
                case Renamed r -> {
                    out.writeByte(3);
                    out.writeUTF(r.from());
                    out.writeUTF(r.to());
                }
                case ClearBlocks c -> {
                    out.writeByte(4);
                    out.writeUTF(c.path());
                    c.blocks().serialize(out);
                }
                case ClearEntry c -> {
                    out.writeByte(5);
                    out.writeUTF(c.path());
                }
                case ClearRenames c -> {
                    out.writeByte(6);
                    out.writeInt(c.count());
                }
                case ClearAll c -> out.writeByte(7);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DirtyRecord decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new Mark(in.readUTF(), in.readInt(), in.readInt());
            case 2 -> new EntryChanged(in.readUTF());
            case 3 -> new Renamed(in.readUTF(), in.readUTF());
            case 4 -> {
                String path = in.readUTF();
                RoaringBitmap b = new RoaringBitmap();
                b.deserialize(in);
                yield new ClearBlocks(path, b);
            }
            case 5 -> new ClearEntry(in.readUTF());
            case 6 -> new ClearRenames(in.readInt());
            case 7 -> new ClearAll();
            default -> throw new IOException("dirty journal: unknown record type " + type);
        };
    }
}

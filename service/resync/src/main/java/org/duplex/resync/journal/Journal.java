package org.duplex.resync.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.duplex.common.AtomicFiles;
import org.duplex.common.Check;

/**
 * An append-only file of opaque records, each framed as {@code [length u32][crc32c u32][payload]},
 * behind a header {@code [magic "DPXJ"][version u32][generation u64]}.
 *
 * <p>Durability: {@link #append} writes the record (no fsync) and returns its sequence number;
 * {@link #awaitDurable} returns once that record is on stable storage. Concurrent callers share
 * fsyncs (group commit): the first waiter forces the file for every record appended so far and the
 * others only wait for it, so N concurrent writers cost one fsync, not N.
 *
 * <p>Recovery: {@link #open} reads records until the end of file or the first record that is short
 * or fails its CRC (a write torn by a crash), truncates the file there, and hands back the good
 * records. A record acknowledged by {@code awaitDurable} precedes the tear, so it is never lost;
 * a torn record fails its CRC, so no garbage is invented.
 */
public final class Journal implements Closeable {
    private static final int MAGIC = 0x4450584A; // "DPXJ"
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 16;
    private static final int FRAME_BYTES = 8;
    /** Bigger records mean a bug or a corrupt length field; recovery treats them as a tear. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    private final Path file;
    private final long generation;
    private FileChannel channel;
    private long sizeBytes;

    private final Object lock = new Object();
    private long appendedSeq;
    private long durableSeq;
    private boolean syncing;

    private Journal(Path file, long generation, FileChannel channel, long sizeBytes) {
        this.file = file;
        this.generation = generation;
        this.channel = channel;
        this.sizeBytes = sizeBytes;
    }

    /** What {@link #open} found: the journal, ready to append, and the good records in order. */
    public record Recovered(Journal journal, List<byte[]> records, long truncatedBytes) {}

    /**
     * Opens {@code file}, creating it with {@code generationIfNew} when absent, and recovers it.
     * Its generation tells the owner whether the records are already folded into a snapshot.
     */
    public static Recovered open(Path file, long generationIfNew) throws IOException {
        if (!Files.exists(file)) {
            createEmpty(file, generationIfNew);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(ch, header, 0);
            header.flip();
            if (header.remaining() < HEADER_BYTES || header.getInt() != MAGIC || header.getInt() != VERSION) {
                throw new IOException("journal " + file + " has no valid header (not a Duplex journal, or"
                        + " corrupt); move it away to start with no dirty records, which forces a full sync");
            }
            long generation = header.getLong();
            List<byte[]> records = new ArrayList<>();
            long pos = HEADER_BYTES;
            ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES);
            while (pos + FRAME_BYTES <= size) {
                frame.clear();
                readFully(ch, frame, pos);
                frame.flip();
                int length = frame.getInt();
                int crc = frame.getInt();
                if (length < 0 || length > MAX_RECORD_BYTES || pos + FRAME_BYTES + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(ch, payload, pos + FRAME_BYTES);
                if (crc32c(payload.array()) != crc) {
                    break;
                }
                records.add(payload.array());
                pos += FRAME_BYTES + length;
            }
            long truncated = size - pos;
            if (truncated > 0) {
                ch.truncate(pos);
                ch.force(true);
            }
            return new Recovered(new Journal(file, generation, ch, pos), records, truncated);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Atomically replaces {@code file} with an empty journal of {@code generation}. */
    public static void createEmpty(Path file, long generation) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(generation);
        AtomicFiles.write(file, header.array());
    }

    public long generation() {
        return generation;
    }

    public long sizeBytes() {
        synchronized (lock) {
            return sizeBytes;
        }
    }

    /** Writes one record at the end (not yet durable) and returns its sequence number. */
    public long append(byte[] payload) throws IOException {
        Check.argument(payload.length <= MAX_RECORD_BYTES, "journal record of %d bytes is too big", payload.length);
        ByteBuffer buf = ByteBuffer.allocate(FRAME_BYTES + payload.length);
        buf.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
        synchronized (lock) {
            long pos = sizeBytes;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            sizeBytes = pos;
            return ++appendedSeq;
        }
    }

    /** Returns once record {@code seq} (and every earlier one) is on stable storage. */
    public void awaitDurable(long seq) throws IOException {
        long target;
        synchronized (lock) {
            while (durableSeq < seq && syncing) {
                waitUninterruptibly();
            }
            if (durableSeq >= seq) {
                return;
            }
            syncing = true;
            target = appendedSeq;
        }
        boolean ok = false;
        try {
            channel.force(false);
            ok = true;
        } finally {
            synchronized (lock) {
                syncing = false;
                if (ok) {
                    durableSeq = Math.max(durableSeq, target);
                }
                lock.notifyAll();
            }
        }
    }

    /** Sequence number of the last appended record (0 when none). */
    public long lastSeq() {
        synchronized (lock) {
            return appendedSeq;
        }
    }

    /** {@link #append} then {@link #awaitDurable}. */
    public void appendDurably(byte[] payload) throws IOException {
        awaitDurable(append(payload));
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            channel.close();
        }
    }

    private void waitUninterruptibly() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a journal fsync", e);
        }
    }

    private static int crc32c(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }
}

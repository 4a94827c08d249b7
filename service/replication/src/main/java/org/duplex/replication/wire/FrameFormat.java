package org.duplex.replication.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame layout of protocol version 1 (big-endian; docs/PROTOCOL.md has the table):
 *
 * <pre>
 *  0  magic     u32  0x44504C58 "DPLX"
 *  4  version   u8   1
 *  5  type      u8   {@link FrameType#code}
 *  6  flags     u16  0 (no flag is defined in version 1; a set bit is rejected)
 *  8  length    u32  payload bytes, at most the receiver's maximum
 * 12  sequence  u64
 * 20  crc32c    u32  CRC32C of bytes 0..19 followed by the payload
 * 24  payload
 * </pre>
 *
 * <p>Writes go to an {@link OutputStream} and reads come from an {@link InputStream}, so the link
 * can be a plain socket or an SSLSocket without change here. Both directions check the same limits
 * (paired assertions): the writer refuses to produce a frame the reader would refuse.
 */
public final class FrameFormat {
    public static final int MAGIC = 0x44504C58;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 24;
    /** Default maximum payload: a 1 MiB FUSE write plus headroom, well below memory trouble. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4 << 20;

    private final int maxPayloadBytes;

    public FrameFormat(int maxPayloadBytes) {
        if (maxPayloadBytes < 4096) {
            throw new IllegalArgumentException("maximum frame payload " + maxPayloadBytes + " bytes is below 4096");
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Writes {@code frame} to {@code out} without flushing (the sender batches frames, then flushes). */
    public void write(Frame frame, OutputStream out) throws IOException {
        byte[] payload = frame.payload();
        if (payload.length > maxPayloadBytes) {
            throw new IllegalArgumentException("frame " + frame + " payload " + payload.length
                    + " bytes exceeds the maximum " + maxPayloadBytes);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).put((byte) VERSION).put((byte) frame.type().code).putShort((short) frame.flags())
                .putInt(payload.length).putLong(frame.sequence());
        header.putInt(checksum(header.array(), payload));
        out.write(header.array());
        out.write(payload);
    }

    /**
     * Reads one frame, or returns null when the stream ends cleanly between frames. Throws
     * {@link ProtocolException} for anything else: nothing of a bad frame is ever returned.
     */
    public Frame read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int got = readFully(in, header);
        if (got == 0) {
            return null;
        }
        if (got < HEADER_BYTES) {
            throw new ProtocolException(ProtocolException.Reason.TRUNCATED,
                    "stream ended inside a frame header (" + got + " of " + HEADER_BYTES + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int magic = h.getInt();
        int version = h.get() & 0xff;
        int typeCode = h.get() & 0xff;
        int flags = h.getShort() & 0xffff;
        long length = h.getInt() & 0xffffffffL;
        long sequence = h.getLong();
        int crc = h.getInt();
        if (magic != MAGIC) {
            throw new ProtocolException(ProtocolException.Reason.BAD_MAGIC,
                    String.format("frame starts with 0x%08X, expected 0x%08X (not a Duplex replication stream, or out of step)", magic, MAGIC));
        }
        if (version != VERSION) {
            throw new ProtocolException(ProtocolException.Reason.WRONG_VERSION,
                    "peer speaks replication protocol version " + version + ", this node speaks " + VERSION);
        }
        if (length > maxPayloadBytes) {
            throw new ProtocolException(ProtocolException.Reason.OVERSIZED,
                    "frame #" + sequence + " announces " + length + " payload bytes, maximum is " + maxPayloadBytes);
        }
        byte[] payload = new byte[(int) length];
        int payloadGot = readFully(in, payload);
        if (payloadGot < length) {
            throw new ProtocolException(ProtocolException.Reason.TRUNCATED,
                    "stream ended inside frame #" + sequence + " (" + payloadGot + " of " + length + " payload bytes)");
        }
        int expected = checksum(header, payload);
        if (crc != expected) {
            throw new ProtocolException(ProtocolException.Reason.BAD_CHECKSUM,
                    String.format("frame #%d checksum 0x%08X, computed 0x%08X (corrupted in transit)", sequence, crc, expected));
        }
        if (flags != 0) {
            throw new ProtocolException(ProtocolException.Reason.BAD_FLAGS,
                    "frame #" + sequence + " has flags 0x" + Integer.toHexString(flags) + ", version 1 defines none");
        }
        FrameType type = FrameType.fromCode(typeCode).orElseThrow(() -> new ProtocolException(
                ProtocolException.Reason.UNKNOWN_TYPE, "frame #" + sequence + " has unknown type " + typeCode));
        return new Frame(type, flags, sequence, payload);
    }

    private static int checksum(byte[] header, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_BYTES - 4);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    /** Reads until {@code buffer} is full or the stream ends; returns the bytes read. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n;
            try {
                n = in.read(buffer, total, buffer.length - total);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}

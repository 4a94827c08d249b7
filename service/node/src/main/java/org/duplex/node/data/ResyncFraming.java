package org.duplex.node.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * The reintegration link's framing: {@code [int length][int crc32c][payload]}, big-endian, the
 * payload being {@code ResyncCodec} bytes (or, first on a connection, the UTF-8 name of the
 * replicated directory it serves). Bounded so a corrupt length cannot make us allocate gigabytes.
 */
final class ResyncFraming {
    /** Larger than any resync message (ResyncOptions' maxMessageBytes is far below). */
    static final int MAX_PAYLOAD_BYTES = 32 << 20;

    private ResyncFraming() {}

    static void write(DataOutputStream out, byte[] payload) throws IOException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IOException("resync frame of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        out.writeInt(payload.length);
        out.writeInt((int) crc.getValue());
        out.write(payload);
        out.flush();
    }

    /** The next payload, or null at a clean end of stream (between frames). */
    static byte[] read(DataInputStream in, String from) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_PAYLOAD_BYTES) {
            throw new IOException("resync frame from " + from + " announces " + length
                    + " bytes (limit " + MAX_PAYLOAD_BYTES + "): corrupt stream");
        }
        int expected = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        if ((int) crc.getValue() != expected) {
            throw new IOException("resync frame of " + length + " bytes from " + from + " fails its CRC32C check");
        }
        return payload;
    }
}

package org.duplex.node.heartbeat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.duplex.common.Check;

/**
 * Heartbeat wire format, authenticated with HMAC-SHA256 under the cluster key. Pure: no I/O.
 *
 * <pre>
 * int    magic 0x44504842 ("DPHB")
 * byte   version 1
 * UTF    node, module, network      (DataOutput modified UTF-8)
 * long   epoch
 * long   sequence
 * short  state length, then the state bytes
 * byte[32] HMAC-SHA256 of everything above
 * </pre>
 */
public final class HeartbeatCodec {
    static final int MAGIC = 0x44504842;
    static final byte VERSION = 1;
    static final int MAC_BYTES = 32;
    /** Fits an Ethernet MTU after IP and UDP headers, so a heartbeat is never fragmented. */
    public static final int PACKET_BYTES_MAX = 1472;
    /** Below this a key is too easy to guess. */
    public static final int KEY_BYTES_MIN = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public HeartbeatCodec(byte[] clusterKey) {
        Check.argument(clusterKey.length >= KEY_BYTES_MIN, "cluster key is %d bytes, need at least %d",
                clusterKey.length, KEY_BYTES_MIN);
        this.key = new SecretKeySpec(clusterKey.clone(), ALGORITHM);
    }

    /** The datagram for {@code message}. */
    public byte[] encode(HeartbeatMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeUTF(message.node());
            out.writeUTF(message.module());
            out.writeUTF(message.network());
            out.writeLong(message.epoch());
            out.writeLong(message.sequence());
            byte[] state = message.state();
            out.writeShort(state.length);
            out.write(state);
            out.write(mac(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        byte[] packet = bytes.toByteArray();
        Check.that(packet.length <= PACKET_BYTES_MAX, "heartbeat of %d bytes exceeds %d", packet.length,
                PACKET_BYTES_MAX);
        return packet;
    }

    /** The message in {@code packet[0..length)}, if it is well formed and its HMAC verifies. */
    public HeartbeatMessage decode(byte[] packet, int length) throws RejectedPacket {
        if (length > PACKET_BYTES_MAX) {
            throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "packet of " + length + " bytes is too long");
        }
        if (length <= MAC_BYTES + 5) {
            throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "packet of " + length + " bytes is too short");
        }
        int bodyLength = length - MAC_BYTES;
        byte[] expected = mac(packet, bodyLength);
        byte[] actual = Arrays.copyOfRange(packet, bodyLength, length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new RejectedPacket(RejectedPacket.Reason.FORGED, "HMAC mismatch (wrong cluster key or altered)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packet, 0, bodyLength))) {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "not a version-1 duplex heartbeat");
            }
            String node = in.readUTF();
            String module = in.readUTF();
            String network = in.readUTF();
            long epoch = in.readLong();
            long sequence = in.readLong();
            int stateLength = in.readUnsignedShort();
            if (stateLength > HeartbeatMessage.STATE_BYTES_MAX || stateLength != in.available()) {
                throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "bad state length " + stateLength);
            }
            byte[] state = in.readNBytes(stateLength);
            if (node.isEmpty() || module.isEmpty() || network.isEmpty()) {
                throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "empty node, module or network name");
            }
            return new HeartbeatMessage(node, module, network, epoch, sequence, state);
        } catch (IOException e) {
            throw new RejectedPacket(RejectedPacket.Reason.MALFORMED, "truncated heartbeat: " + e.getMessage());
        }
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }
}

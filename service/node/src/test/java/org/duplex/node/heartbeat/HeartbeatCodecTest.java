package org.duplex.node.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeartbeatCodecTest {
    private static final byte[] KEY = "0123456789abcdef-cluster-key".getBytes(StandardCharsets.UTF_8);
    private final HeartbeatCodec codec = new HeartbeatCodec(KEY);
    private final HeartbeatMessage message = new HeartbeatMessage("node1", "mirror", "default", 42, 7,
            "PRIM/3".getBytes(StandardCharsets.UTF_8));

    @Test
    void roundTrip() throws RejectedPacket {
        byte[] packet = codec.encode(message);
        assertThat(codec.decode(packet, packet.length)).isEqualTo(message);
    }

    @Test
    void otherKeyIsForged() {
        byte[] packet = new HeartbeatCodec("another-key-of-16+bytes".getBytes(StandardCharsets.UTF_8)).encode(message);
        assertThatThrownBy(() -> codec.decode(packet, packet.length))
                .isInstanceOfSatisfying(RejectedPacket.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectedPacket.Reason.FORGED));
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] packet = codec.encode(message);
        for (int i = 0; i < packet.length * 8; i++) {
            byte[] altered = packet.clone();
            altered[i / 8] ^= (byte) (1 << (i % 8));
            int bit = i;
            assertThatThrownBy(() -> codec.decode(altered, altered.length)).as("bit %d", bit)
                    .isInstanceOf(RejectedPacket.class);
        }
    }

    @Test
    void truncatedAndOversizedPacketsAreMalformed() {
        byte[] packet = codec.encode(message);
        assertThatThrownBy(() -> codec.decode(packet, 10))
                .isInstanceOfSatisfying(RejectedPacket.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectedPacket.Reason.MALFORMED));
        byte[] huge = Arrays.copyOf(packet, HeartbeatCodec.PACKET_BYTES_MAX + 1);
        assertThatThrownBy(() -> codec.decode(huge, huge.length))
                .isInstanceOfSatisfying(RejectedPacket.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectedPacket.Reason.MALFORMED));
    }

    @Test
    void shortKeyIsRefused() {
        assertThatThrownBy(() -> new HeartbeatCodec(new byte[8])).hasMessageContaining("at least 16");
    }
}

package org.duplex.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResyncFramingTest {
    private static byte[] framed(byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResyncFraming.write(new DataOutputStream(bytes), payload);
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    @Test
    void roundTripsThenEndsCleanly() throws IOException {
        byte[] payload = "mod#0".getBytes(StandardCharsets.UTF_8);
        DataInputStream in = in(framed(payload));
        assertThat(ResyncFraming.read(in, "test")).isEqualTo(payload);
        assertThat(ResyncFraming.read(in, "test")).as("end of stream between frames").isNull();
    }

    @Test
    void aFlippedPayloadBitFailsTheChecksum() throws IOException {
        byte[] frame = framed(new byte[100]);
        frame[frame.length - 1] ^= 1;
        assertThatThrownBy(() -> ResyncFraming.read(in(frame), "peer 127.0.0.2"))
                .isInstanceOf(IOException.class).hasMessageContaining("CRC32C").hasMessageContaining("127.0.0.2");
    }

    @Test
    void anOversizedLengthIsRefusedBeforeAllocating() {
        byte[] frame = {0x7f, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> ResyncFraming.read(in(frame), "peer"))
                .isInstanceOf(IOException.class).hasMessageContaining("limit");
    }

    @Test
    void aTruncatedFrameIsAnError() throws IOException {
        byte[] frame = framed(new byte[100]);
        byte[] cut = java.util.Arrays.copyOf(frame, 50);
        assertThatThrownBy(() -> ResyncFraming.read(in(cut), "peer")).isInstanceOf(IOException.class);
    }
}

package org.duplex.replication.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.duplex.replication.mutation.Mutation;
import org.junit.jupiter.api.Test;

/** Every kind of bad frame is refused with its own reason and a message naming the frame. */
class FrameFormatTest {
    private final FrameFormat format = new FrameFormat(64 * 1024);

    private byte[] goodFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(MutationCodec.toFrame(7, new Mutation.Write("dir/file", 4096, new byte[] {1, 2, 3, 4}, 123L)), out);
        return out.toByteArray();
    }

    private ProtocolException readFails(byte[] bytes) {
        try {
            Frame frame = format.read(new ByteArrayInputStream(bytes));
            if (frame != null && frame.type().isMutation()) {
                MutationCodec.decode(frame);
            }
        } catch (ProtocolException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a ProtocolException, got " + e, e);
        }
        throw new AssertionError("the bad frame was accepted");
    }

    @Test
    void aFlippedPayloadBitIsABadChecksum() throws IOException {
        byte[] bytes = goodFrame();
        bytes[bytes.length - 1] ^= 0x01;
        ProtocolException e = readFails(bytes);
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_CHECKSUM);
        assertThat(e.getMessage()).contains("frame #7", "checksum");
    }

    @Test
    void aFlippedSequenceBitIsABadChecksumToo() throws IOException {
        byte[] bytes = goodFrame();
        bytes[19] ^= 0x01;
        assertThat(readFails(bytes).reason()).isEqualTo(ProtocolException.Reason.BAD_CHECKSUM);
    }

    @Test
    void aStreamEndingInsideTheHeaderOrThePayloadIsTruncated() throws IOException {
        byte[] bytes = goodFrame();
        ProtocolException inHeader = readFails(Arrays.copyOf(bytes, 10));
        assertThat(inHeader.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED);
        assertThat(inHeader.getMessage()).contains("10 of 24");
        ProtocolException inPayload = readFails(Arrays.copyOf(bytes, bytes.length - 2));
        assertThat(inPayload.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED);
        assertThat(inPayload.getMessage()).contains("frame #7");
    }

    @Test
    void aLengthAboveTheMaximumIsOversizedAndNothingIsAllocatedForIt() throws IOException {
        byte[] bytes = goodFrame();
        ByteBuffer.wrap(bytes).putInt(8, Integer.MAX_VALUE);
        ProtocolException e = readFails(bytes);
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.OVERSIZED);
        assertThat(e.getMessage()).contains(String.valueOf(Integer.MAX_VALUE), "65536");
    }

    @Test
    void theWriterRefusesAFrameTheReaderWouldRefuse() {
        Frame big = MutationCodec.toFrame(1, new Mutation.Write("f", 0, new byte[70 * 1024], Mutation.NO_TIME));
        assertThatThrownBy(() -> format.write(big, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the maximum");
    }

    @Test
    void anotherProtocolVersionIsRefusedNamingBothVersions() throws IOException {
        byte[] bytes = goodFrame();
        bytes[4] = 2;
        ProtocolException e = readFails(bytes);
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.WRONG_VERSION);
        assertThat(e.getMessage()).contains("version 2", "speaks 1");
    }

    @Test
    void aForeignStreamIsBadMagic() throws IOException {
        byte[] bytes = goodFrame();
        System.arraycopy("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 16);
        assertThat(readFails(bytes).reason()).isEqualTo(ProtocolException.Reason.BAD_MAGIC);
    }

    @Test
    void anUnknownTypeWithAValidChecksumIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(Frame.of(FrameType.ACK_DURABLE, 3), out);
        byte[] bytes = out.toByteArray();
        bytes[5] = (byte) 200;
        rechecksum(bytes);
        ProtocolException e = readFails(bytes);
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("200");
    }

    @Test
    void aPathWithDotDotIsRefusedAsBadPath() throws IOException {
        byte[] path = "a/../../etc/passwd".getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + path.length + 8 + 8 + 4 + 1);
        payload.putShort((short) path.length).put(path).putLong(0).putLong(Mutation.NO_TIME).putInt(1).put((byte) 'x');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(new Frame(FrameType.WRITE, 0, 1, payload.array()), out);
        ProtocolException e = readFails(out.toByteArray());
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_PATH);
        assertThat(e.getMessage()).contains("a/../../etc/passwd", "'..'");
    }

    @Test
    void trailingBytesAfterTheFieldsAreMalformed() throws IOException {
        byte[] body = MutationCodec.encode(new Mutation.Unlink("x"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(new Frame(FrameType.UNLINK, 0, 1, Arrays.copyOf(body, body.length + 3)), out);
        ProtocolException e = readFails(out.toByteArray());
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.MALFORMED_PAYLOAD);
        assertThat(e.getMessage()).contains("3 bytes after");
    }

    @Test
    void aShortPayloadIsMalformed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(new Frame(FrameType.TRUNCATE, 0, 1, new byte[] {0, 1, 'f', 0, 0}), out);
        assertThat(readFails(out.toByteArray()).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_PAYLOAD);
    }

    @Test
    void aSetFlagBitIsRefusedInVersionOne() throws IOException {
        byte[] bytes = goodFrame();
        bytes[7] = 1;
        rechecksum(bytes);
        assertThat(readFails(bytes).reason()).isEqualTo(ProtocolException.Reason.BAD_FLAGS);
    }

    private static void rechecksum(byte[] frame) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, 0, 20);
        crc.update(frame, 24, frame.length - 24);
        ByteBuffer.wrap(frame).putInt(20, (int) crc.getValue());
    }
}

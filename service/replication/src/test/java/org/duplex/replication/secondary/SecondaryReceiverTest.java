package org.duplex.replication.secondary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.replication.wire.FrameType;
import org.duplex.replication.wire.Hello;
import org.duplex.replication.wire.MutationCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-driven primary (a raw socket) against the real secondary server: bad frames of every
 * kind are never applied, the stream ends with a clear reason and a resync mark.
 */
class SecondaryReceiverTest {
    private static final String MODULE = "m@c";
    private final FrameFormat format = new FrameFormat(FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES);
    private final List<String> ended = new CopyOnWriteArrayList<>();

    @TempDir Path base;
    private Path replica;
    private Path outside;
    private SecondaryServer server;
    private Socket socket;

    @BeforeEach
    void start() throws IOException {
        replica = Files.createDirectories(base.resolve("replica"));
        outside = Files.createDirectories(base.resolve("outside"));
        server = new SecondaryServer(new InetSocketAddress("127.0.0.1", 0), MODULE, new NioMutationApplier(replica),
                new SecondaryListener() {
                    @Override
                    public void streamStarted(String peer, long firstSequence) {}

                    @Override
                    public void streamEnded(String reason, boolean needsResync, long appliedThrough) {
                        ended.add("resync=" + needsResync + " applied=" + appliedThrough + " " + reason);
                    }
                }, FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(5)).start();
        socket = new Socket();
        socket.connect(server.address(), 5000);
        socket.setSoTimeout(20_000);
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        server.close();
    }

    private void send(Frame frame) throws IOException {
        format.write(frame, socket.getOutputStream());
        socket.getOutputStream().flush();
    }

    private void sendRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private void handshake() throws IOException {
        send(new Hello(MODULE, 1).toFrame());
        assertThat(format.read(socket.getInputStream()).type()).isEqualTo(FrameType.WELCOME);
    }

    /** Reads acks until a REJECT (returning its reason) or the end of the stream (null). */
    private String readUntilReject() throws IOException {
        InputStream in = socket.getInputStream();
        while (true) {
            Frame frame = format.read(in);
            if (frame == null) {
                return null;
            }
            if (frame.type() == FrameType.REJECT) {
                return Hello.rejectReason(frame);
            }
        }
    }

    private String streamEnd() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !ended.isEmpty());
        return ended.getFirst();
    }

    @Test
    void aCorruptFrameIsNotAppliedButTheFramesBeforeItAre() throws IOException {
        handshake();
        send(MutationCodec.toFrame(1, new Create("good", 0644, 0, 0, Mutation.NO_TIME)));
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        format.write(MutationCodec.toFrame(2, new Create("bad", 0644, 0, 0, Mutation.NO_TIME)), bad);
        byte[] bytes = bad.toByteArray();
        bytes[bytes.length - 9] ^= 0x40;
        sendRaw(bytes);

        assertThat(readUntilReject()).contains("BAD_CHECKSUM", "frame #2");
        assertThat(streamEnd()).startsWith("resync=true applied=1").contains("BAD_CHECKSUM");
        assertThat(replica.resolve("good")).exists();
        assertThat(replica.resolve("bad")).doesNotExist();
    }

    @Test
    void aFrameOutOfSequenceIsRefused() throws IOException {
        handshake();
        send(MutationCodec.toFrame(2, new Create("skipped-one", 0644, 0, 0, Mutation.NO_TIME)));

        assertThat(readUntilReject()).contains("OUT_OF_ORDER", "expected sequence #1");
        assertThat(streamEnd()).startsWith("resync=true applied=0");
        assertThat(replica.resolve("skipped-one")).doesNotExist();
    }

    @Test
    void aPathWithDotDotIsRefusedAndNothingIsWrittenAnywhere() throws IOException {
        handshake();
        byte[] path = "../outside/owned".getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + path.length + 4 * 3 + 8);
        payload.putShort((short) path.length).put(path).putInt(0644).putInt(0).putInt(0).putLong(Mutation.NO_TIME);
        send(new Frame(FrameType.CREATE, 0, 1, payload.array()));

        assertThat(readUntilReject()).contains("BAD_PATH", "'..'");
        assertThat(streamEnd()).startsWith("resync=true");
        assertThat(outside.resolve("owned")).doesNotExist();
    }

    @Test
    void aSymlinkPointingOutsideIsNeverFollowed() throws IOException {
        Files.createSymbolicLink(replica.resolve("escape"), outside);
        handshake();
        send(MutationCodec.toFrame(1, new Create("escape/owned", 0644, 0, 0, Mutation.NO_TIME)));

        assertThat(readUntilReject()).contains("'escape' is a symlink");
        assertThat(streamEnd()).startsWith("resync=true applied=0");
        assertThat(outside.resolve("owned")).doesNotExist();
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItsPayloadIsRead() throws IOException {
        handshake();
        ByteBuffer header = ByteBuffer.allocate(FrameFormat.HEADER_BYTES);
        header.putInt(FrameFormat.MAGIC).put((byte) 1).put((byte) FrameType.WRITE.code).putShort((short) 0)
                .putInt(1 << 30).putLong(1).putInt(0);
        sendRaw(header.array());

        assertThat(readUntilReject()).contains("OVERSIZED", String.valueOf(1 << 30));
        assertThat(streamEnd()).startsWith("resync=true");
    }

    @Test
    void anotherProtocolVersionIsRefusedAtTheHandshakeWithBothVersionsNamed() throws IOException {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        format.write(new Hello(MODULE, 1).toFrame(), hello);
        byte[] bytes = hello.toByteArray();
        bytes[4] = 9;
        sendRaw(bytes);

        assertThat(readUntilReject()).contains("version 9", "speaks 1");
        assertThat(streamEnd()).contains("handshake", "version 9");
    }

    @Test
    void aStreamThatEndsInsideAFrameAppliesNothingOfIt() throws IOException {
        handshake();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        format.write(MutationCodec.toFrame(1, new Create("half", 0644, 0, 0, Mutation.NO_TIME)), frame);
        sendRaw(java.util.Arrays.copyOf(frame.toByteArray(), frame.size() - 5));
        socket.shutdownOutput();

        assertThat(streamEnd()).startsWith("resync=true applied=0").contains("TRUNCATED");
        assertThat(replica.resolve("half")).doesNotExist();
    }
}

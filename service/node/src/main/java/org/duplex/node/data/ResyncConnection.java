package org.duplex.node.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.protocol.ResyncCodec;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;

/**
 * The source's end of one replicated directory's reintegration link: one TCP connection to the
 * peer's {@link ResyncServer}, opened with the directory's identity, then request/reply frames.
 * Calls are serialised (the workers share the connection): simple and ordered, not fast.
 */
final class ResyncConnection implements ResyncChannel, AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String peer;

    private ResyncConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Connects to {@code server} and names the replicated directory this link reintegrates. */
    static ResyncConnection open(InetSocketAddress server, String directoryIdentity, Duration connectTimeout,
            Duration replyTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(server, (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) replyTimeout.toMillis());
            ResyncConnection c = new ResyncConnection(socket);
            ResyncFraming.write(c.out, directoryIdentity.getBytes(StandardCharsets.UTF_8));
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public synchronized ResyncReply call(ResyncRequest request) throws IOException {
        ResyncFraming.write(out, ResyncCodec.encode(request));
        byte[] reply = ResyncFraming.read(in, peer);
        if (reply == null) {
            throw new IOException("resync peer " + peer + " closed the link before answering " + request.getClass().getSimpleName());
        }
        return ResyncCodec.decodeReply(reply);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing to recover
        }
    }
}

package org.duplex.replication.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A {@link Connection} over a connected {@link Socket} (plain TCP today; an {@code SSLSocket} is a
 * {@code Socket} too). TCP_NODELAY is on because the sender batches frames itself and every ack is
 * latency; keepalive is on so a silently dead peer is eventually noticed even with no traffic.
 */
public final class SocketConnection implements Connection {
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    private final String description;

    public SocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
        this.description = socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress();
    }

    /** A connector that dials {@code peer} with a bounded connect time. */
    public static Connector tcpConnector(InetSocketAddress peer, Duration connectTimeout) {
        return () -> {
            Socket socket = new Socket();
            try {
                socket.connect(peer, Math.toIntExact(connectTimeout.toMillis()));
                return new SocketConnection(socket);
            } catch (IOException e) {
                socket.close();
                throw new IOException("cannot connect to replication peer " + peer + ": " + e.getMessage(), e);
            }
        };
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is unusable either way.
        }
    }
}

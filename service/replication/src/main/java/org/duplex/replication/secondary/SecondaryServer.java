package org.duplex.replication.secondary;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.duplex.replication.link.SocketConnection;
import org.duplex.replication.wire.FrameFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the primary and runs one {@link SecondaryReceiver} at a time: a new connection (the
 * primary reconnected) ends the current stream first, so one applier thread ever touches the copy.
 */
public final class SecondaryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SecondaryServer.class);
    private static final int QUEUE_FRAMES = 4096;
    private static final long STREAM_JOIN_MILLIS = 130_000;

    private final ServerSocket serverSocket;
    private final String moduleIdentity;
    private final MutationApplier applier;
    private final SecondaryListener listener;
    private final FrameFormat format;
    private final Duration handshakeTimeout;
    private final Thread acceptor;
    private SecondaryReceiver current;
    private Thread currentThread;
    private volatile boolean closed;

    public SecondaryServer(InetSocketAddress bind, String moduleIdentity, MutationApplier applier,
            SecondaryListener listener, int maxPayloadBytes, Duration handshakeTimeout) throws IOException {
        this.serverSocket = new ServerSocket();
        this.serverSocket.setReuseAddress(true);
        this.serverSocket.bind(bind);
        this.moduleIdentity = moduleIdentity;
        this.applier = applier;
        this.listener = listener;
        this.format = new FrameFormat(maxPayloadBytes);
        this.handshakeTimeout = handshakeTimeout;
        this.acceptor = Thread.ofPlatform().name("replication-accept").daemon().unstarted(this::acceptLoop);
    }

    public SecondaryServer start() {
        acceptor.start();
        return this;
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Cuts the current stream, as a crashed link would (tests, and the engine demoting this node). */
    public synchronized void dropCurrentStream() {
        if (current != null) {
            current.stop();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                log.warn("apply: accept failed on {}: {}", address(), e.toString());
                continue;
            }
            try {
                startStream(new SocketConnection(socket));
            } catch (IOException e) {
                log.warn("apply: cannot set up connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void startStream(SocketConnection connection) throws InterruptedException {
        if (closed) {
            connection.close();
            return;
        }
        endCurrent();
        current = new SecondaryReceiver(connection, format, moduleIdentity, applier, listener, handshakeTimeout, QUEUE_FRAMES);
        currentThread = Thread.ofPlatform().name("replication-receive").daemon().start(current);
    }

    private void endCurrent() throws InterruptedException {
        if (current != null) {
            current.stop();
            currentThread.join(STREAM_JOIN_MILLIS);
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing: nothing more to do
        }
        synchronized (this) {
            try {
                endCurrent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            acceptor.join(STREAM_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.duplex.node.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.duplex.resync.protocol.ResyncCodec;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's end of reintegration: listens on the module's resync port, reads the directory
 * identity a connection opens with, and feeds its requests, in order, to that directory's
 * {@link Endpoint}. An unknown identity is refused by closing the connection (and logged).
 */
final class ResyncServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResyncServer.class);

    /** One replicated directory's target side. */
    interface Endpoint {
        ResyncReply handle(ResyncRequest request);

        /** The link ended; {@code reason} says how (a clean close included). */
        void linkClosed(String reason);
    }

    private final ServerSocket serverSocket;
    private final Map<String, Endpoint> endpoints;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    ResyncServer(InetSocketAddress bind, Map<String, Endpoint> endpoints) throws IOException {
        this.endpoints = Map.copyOf(endpoints);
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(bind);
        } catch (IOException e) {
            serverSocket.close();
            throw new IOException("cannot listen for reintegration on " + bind + ": " + e.getMessage(), e);
        }
        this.acceptor = Thread.ofPlatform().name("resync-accept").daemon().start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                open.add(s);
                Thread.ofVirtual().name("resync-serve").start(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("resync: accept failed on {}: {}", serverSocket.getLocalSocketAddress(), e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        Endpoint endpoint = null;
        String ending = "closed by the source";
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            byte[] hello = ResyncFraming.read(in, peer);
            if (hello == null) {
                return;
            }
            String identity = new String(hello, StandardCharsets.UTF_8);
            endpoint = endpoints.get(identity);
            if (endpoint == null) {
                log.error("resync: {} asked for replicated directory '{}', which this node does not have (has {})",
                        peer, identity, endpoints.keySet());
                return;
            }
            log.info("resync: serving '{}' to {}", identity, peer);
            for (byte[] frame; (frame = ResyncFraming.read(in, peer)) != null; ) {
                ResyncReply reply = endpoint.handle(ResyncCodec.decodeRequest(frame));
                ResyncFraming.write(out, ResyncCodec.encode(reply));
            }
        } catch (IOException e) {
            ending = closed ? "resync stopped on this node" : "link to " + peer + " failed: " + e.getMessage();
        } finally {
            open.remove(socket);
            if (endpoint != null) {
                endpoint.linkClosed(ending);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

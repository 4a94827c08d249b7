package org.duplex.node.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** {@code <tcp><to addr port/>}: up when a TCP connection is accepted within the timeout. */
public record TcpProbe(String host, int port) implements Probe {
    @Override
    public ProbeResult probe(Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeResult.up("connected to " + host + ":" + port);
        } catch (IOException e) {
            return ProbeResult.down("cannot connect to " + host + ":" + port + ": " + e.getMessage());
        }
    }
}

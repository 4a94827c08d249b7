package org.duplex.node.heartbeat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-way UDP forwarder on loopback for tests: drops a seeded fraction of datagrams, can cut the
 * link entirely, and keeps the last datagrams it saw so a test can replay them.
 */
final class LossyUdpProxy implements AutoCloseable {
    private static final int KEPT = 64;

    private final DatagramSocket socket;
    private final Thread thread;
    private final SplittableRandom random;
    private final Deque<byte[]> recent = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile InetSocketAddress target;
    private volatile double lossRate;
    private volatile boolean cut;
    private volatile boolean closed;

    LossyUdpProxy(long seed) throws IOException {
        this.random = new SplittableRandom(seed);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::run, "lossy-proxy-" + socket.getLocalPort());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void forwardTo(InetSocketAddress target) {
        this.target = target;
    }

    void lossRate(double rate) {
        this.lossRate = rate;
    }

    void cut(boolean cut) {
        this.cut = cut;
    }

    long dropped() {
        return dropped.get();
    }

    long forwarded() {
        return forwarded.get();
    }

    synchronized List<byte[]> recentPackets() {
        return new ArrayList<>(recent);
    }

    /** Sends raw bytes to the target as if they had come through the link. */
    void inject(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, target));
    }

    private void run() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                byte[] data = Arrays.copyOf(buffer, packet.getLength());
                remember(data);
                boolean drop;
                synchronized (random) {
                    drop = cut || target == null || random.nextDouble() < lossRate;
                }
                if (drop) {
                    dropped.incrementAndGet();
                } else {
                    socket.send(new DatagramPacket(data, data.length, target));
                    forwarded.incrementAndGet();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized void remember(byte[] data) {
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(data);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

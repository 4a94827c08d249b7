package org.duplex.node.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats crafted by the test (with the cluster key) and sent to a real service over loopback,
 * to pin down what happens when networks deliver out of order.
 */
class HeartbeatOrderingTest {
    private static final byte[] KEY = "duplex-test-cluster-key-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void staleStateFromASlowerNetworkIsNotDeliveredButStillProvesLiveness() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        HeartbeatServiceTest.Recorder seen = new HeartbeatServiceTest.Recorder();
        HeartbeatCodec codec = new HeartbeatCodec(KEY);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            List<HeartbeatNetwork> networks = List.of(
                    new HeartbeatNetwork("net0", new InetSocketAddress("127.0.0.2", 0),
                            (InetSocketAddress) peer.getLocalSocketAddress(), Duration.ofMillis(100), Duration.ofSeconds(5)),
                    new HeartbeatNetwork("net1", new InetSocketAddress("127.0.0.2", 0),
                            (InetSocketAddress) peer.getLocalSocketAddress(), Duration.ofMillis(100), Duration.ofSeconds(5)));
            try (HeartbeatService node2 = new HeartbeatService(
                    new HeartbeatConfig("node2", "node1", "mirror", 1, KEY, networks),
                    () -> new byte[0], seen, scheduler, System::nanoTime)) {
                node2.start();

                send(peer, codec, node2, "net0", 10, "ALONE/2");
                await().atMost(WAIT).until(() -> seen.states.contains("ALONE/2"));
                send(peer, codec, node2, "net1", 9, "PRIM/1");
                await().atMost(WAIT).until(() -> node2.status().network("net1").liveness() == Liveness.UP);
                send(peer, codec, node2, "net1", 11, "ALONE/2");
                send(peer, codec, node2, "net0", 12, "ALONE/3");
                await().atMost(WAIT).until(() -> seen.states.contains("ALONE/3"));

                assertThat(seen.states).containsExactly("ALONE/2", "ALONE/3");
                assertThat(node2.status().network("net1").replayed()).isZero();
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void send(DatagramSocket from, HeartbeatCodec codec, HeartbeatService to, String network, long seq,
            String state) throws Exception {
        byte[] packet = codec.encode(new HeartbeatMessage("node1", "mirror", network, 1, seq,
                state.getBytes(StandardCharsets.UTF_8)));
        from.send(new DatagramPacket(packet, packet.length, to.localAddress(network)));
    }
}

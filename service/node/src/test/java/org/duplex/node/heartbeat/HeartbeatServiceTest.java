package org.duplex.node.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.duplex.node.heartbeat.LivenessChange.NetworkChanged;
import org.duplex.node.heartbeat.LivenessChange.PeerChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real heartbeat services on loopback (node1 on 127.0.0.1, node2 on 127.0.0.2), each network
 * going through a one-way {@link LossyUdpProxy} per direction so tests can lose, cut and replay.
 */
class HeartbeatServiceTest {
    private static final byte[] KEY = "duplex-test-cluster-key-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Duration PULSE = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(3000);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final long seed = System.nanoTime();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** What one node's listener saw. */
    static final class Recorder implements HeartbeatListener {
        final List<String> states = new CopyOnWriteArrayList<>();
        final List<LivenessChange> changes = new CopyOnWriteArrayList<>();

        @Override
        public void peerState(String network, long epoch, byte[] state) {
            states.add(new String(state, StandardCharsets.UTF_8));
        }

        @Override
        public void liveness(LivenessChange change) {
            changes.add(change);
        }
    }

    /** One direction of one network: sender's packets go through the proxy to the receiver. */
    record Link(LossyUdpProxy toNode2, LossyUdpProxy toNode1) {
        void cut(boolean cut) {
            toNode2.cut(cut);
            toNode1.cut(cut);
        }
    }

    HeartbeatService node1;
    HeartbeatService node2;
    final Recorder seen1 = new Recorder();
    final Recorder seen2 = new Recorder();
    final AtomicReference<String> state1 = new AtomicReference<>("PRIM/1");
    final List<Link> links = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    private void startPair(int networks, long node1Epoch) throws IOException {
        System.out.println("HeartbeatServiceTest seed=" + seed);
        List<HeartbeatNetwork> nets1 = new ArrayList<>();
        List<HeartbeatNetwork> nets2 = new ArrayList<>();
        for (int i = 0; i < networks; i++) {
            Link link = new Link(proxy(seed + 2L * i), proxy(seed + 2L * i + 1));
            links.add(link);
            nets1.add(new HeartbeatNetwork("net" + i, new InetSocketAddress("127.0.0.1", 0), link.toNode2.address(),
                    PULSE, TIMEOUT));
            nets2.add(new HeartbeatNetwork("net" + i, new InetSocketAddress("127.0.0.2", 0), link.toNode1.address(),
                    PULSE, TIMEOUT));
        }
        node1 = service(new HeartbeatConfig("node1", "node2", "mirror", node1Epoch, KEY, nets1),
                () -> state1.get().getBytes(StandardCharsets.UTF_8), seen1);
        node2 = service(new HeartbeatConfig("node2", "node1", "mirror", 1, KEY, nets2),
                () -> "SECOND/1".getBytes(StandardCharsets.UTF_8), seen2);
        for (int i = 0; i < networks; i++) {
            links.get(i).toNode2.forwardTo(node2.localAddress("net" + i));
            links.get(i).toNode1.forwardTo(node1.localAddress("net" + i));
        }
    }

    private LossyUdpProxy proxy(long proxySeed) throws IOException {
        LossyUdpProxy proxy = new LossyUdpProxy(proxySeed);
        closeables.add(proxy);
        return proxy;
    }

    private HeartbeatService service(HeartbeatConfig config, java.util.function.Supplier<byte[]> state,
            Recorder recorder) throws IOException {
        HeartbeatService service = new HeartbeatService(config, state, recorder, scheduler, System::nanoTime);
        closeables.add(service);
        service.start();
        return service;
    }

    @Test
    void peersSeeEachOtherAndTheAnnouncedStates() throws IOException {
        startPair(2, 1);

        await().atMost(WAIT).until(() -> node1.status().peer() == Liveness.UP && node2.status().peer() == Liveness.UP);
        await().atMost(WAIT).until(() -> seen2.states.contains("PRIM/1") && seen1.states.contains("SECOND/1"));
        state1.set("ALONE/2");
        await().atMost(WAIT).until(() -> seen2.states.contains("ALONE/2"));

        assertThat(seen2.states).as("a state is delivered once per change, not per pulse")
                .containsExactly("PRIM/1", "ALONE/2");
        assertThat(seen2.changes).contains(new PeerChanged(Liveness.UNKNOWN, Liveness.UP));
        HeartbeatStatus status = node2.status();
        assertThat(status.degraded()).isFalse();
        assertThat(status.network("net0").accepted()).isPositive();
        assertThat(status.network("net0").forged() + status.network("net0").replayed()).isZero();
    }

    @Test
    void peerStaysUpThroughHeavyPacketLoss() throws IOException {
        startPair(1, 1);
        links.get(0).toNode2.lossRate(0.3);
        links.get(0).toNode1.lossRate(0.3);

        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.UP);
        await().atMost(WAIT).until(() -> links.get(0).toNode2.dropped() >= 15);

        assertThat(links.get(0).toNode2.forwarded()).isPositive();
        assertThat(seen2.changes).as("seed %d", seed)
                .doesNotContain(new PeerChanged(Liveness.UP, Liveness.DOWN));
        assertThat(node2.status().peer()).isEqualTo(Liveness.UP);
    }

    @Test
    void forgedAndAlteredPacketsAreRejectedAndCounted() throws IOException {
        startPair(1, 1);
        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.UP);
        HeartbeatCodec wrongKey = new HeartbeatCodec("not-the-cluster-key-at-all".getBytes(StandardCharsets.UTF_8));
        LossyUdpProxy link = links.get(0).toNode2;

        link.inject(wrongKey.encode(new HeartbeatMessage("node1", "mirror", "net0", 1, Long.MAX_VALUE,
                "FORGED".getBytes(StandardCharsets.UTF_8))));
        byte[] altered = link.recentPackets().getLast();
        altered[altered.length - 40] ^= 1;
        link.inject(altered);

        await().atMost(WAIT).until(() -> node2.status().network("net0").forged() == 2);
        assertThat(seen2.states).doesNotContain("FORGED");
        assertThat(node2.status().peer()).isEqualTo(Liveness.UP);
    }

    @Test
    void replayedPacketsAreRejectedAndCounted() throws IOException {
        startPair(1, 1);
        LossyUdpProxy link = links.get(0).toNode2;
        await().atMost(WAIT).until(() -> link.recentPackets().size() >= 5);
        List<byte[]> captured = link.recentPackets().subList(0, 3);

        for (byte[] old : captured) {
            link.inject(old);
        }

        await().atMost(WAIT).until(() -> node2.status().network("net0").replayed() == 3);
        assertThat(node2.status().network("net0").forged()).isZero();
    }

    @Test
    void heartbeatsOfAnOlderIncarnationAreReplays() throws IOException {
        startPair(1, 1);
        LossyUdpProxy link = links.get(0).toNode2;
        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.UP);
        byte[] fromEpoch1 = link.recentPackets().getLast();
        node1.close();

        // node1 restarts with a new epoch: its sequence starts again at 1 and is accepted.
        HeartbeatNetwork net = new HeartbeatNetwork("net0", node1.localAddress("net0"), links.get(0).toNode2.address(),
                PULSE, TIMEOUT);
        state1.set("PRIM/restarted");
        node1 = service(new HeartbeatConfig("node1", "node2", "mirror", 2, KEY, List.of(net)),
                () -> state1.get().getBytes(StandardCharsets.UTF_8), seen1);
        await().atMost(WAIT).until(() -> seen2.states.contains("PRIM/restarted"));
        long replayedBefore = node2.status().network("net0").replayed();

        link.inject(fromEpoch1);

        await().atMost(WAIT).until(() -> node2.status().network("net0").replayed() == replayedBefore + 1);
    }

    @Test
    void losingOneOfTwoNetworksIsAWarningLosingBothIsPeerDown() throws IOException {
        startPair(2, 1);
        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.UP
                && node2.status().network("net1").liveness() == Liveness.UP);

        links.get(1).cut(true);

        await().atMost(WAIT).until(() -> node2.status().network("net1").liveness() == Liveness.DOWN);
        HeartbeatStatus degraded = node2.status();
        assertThat(degraded.peer()).isEqualTo(Liveness.UP);
        assertThat(degraded.degraded()).isTrue();
        assertThat(seen2.changes).contains(new NetworkChanged("net1", Liveness.UP, Liveness.DOWN))
                .doesNotContain(new PeerChanged(Liveness.UP, Liveness.DOWN));

        links.get(0).cut(true);

        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.DOWN);
        assertThat(seen2.changes).containsSubsequence(
                new NetworkChanged("net1", Liveness.UP, Liveness.DOWN),
                new NetworkChanged("net0", Liveness.UP, Liveness.DOWN),
                new PeerChanged(Liveness.UP, Liveness.DOWN));

        links.get(1).cut(false);

        await().atMost(WAIT).until(() -> node2.status().peer() == Liveness.UP);
        assertThat(node2.status().network("net0").liveness()).isEqualTo(Liveness.DOWN);
    }
}

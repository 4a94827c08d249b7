package org.duplex.node.heartbeat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.duplex.common.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat driver: UDP on every configured network. It sends this node's announced state
 * every pulse, accepts only authentic fresh heartbeats from the configured peer (HMAC, replay
 * guard, module/peer/network check; every rejection counted), and feeds the pure
 * {@link FailureDetector}. It reports peer states and liveness changes to a
 * {@link HeartbeatListener} and decides nothing else.
 *
 * <p>Threads: one receiver per network (blocking receive, ended by closing the socket); sending
 * and timeout checks run on the injected scheduler. Detector, replay guard and listener calls are
 * serialised on one lock.
 */
public final class HeartbeatService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatService.class);

    private final HeartbeatConfig config;
    private final HeartbeatCodec codec;
    private final Supplier<byte[]> announcedState;
    private final HeartbeatListener listener;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;

    private final Object lock = new Object();
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private FailureDetector detector;
    private final ReplayGuard replayGuard = new ReplayGuard();
    /** (epoch, sequence) of the newest heartbeat whose state was considered, across networks. */
    private long stateEpoch = Long.MIN_VALUE;
    private long stateSequence = Long.MIN_VALUE;
    private byte[] lastPeerState;
    /** One sequence for all networks, taken together with the state under {@link #sendLock}. */
    private final Object sendLock = new Object();
    private long sequence;
    private volatile boolean closed;

    /**
     * @param announcedState called at every pulse: the bytes to announce (at most
     *     {@link HeartbeatMessage#STATE_BYTES_MAX})
     * @param scheduler runs the pulses and timeout checks; owned by the caller
     * @param nanoClock monotonic time ({@code System::nanoTime} in production)
     */
    public HeartbeatService(HeartbeatConfig config, Supplier<byte[]> announcedState, HeartbeatListener listener,
            ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        this.config = config;
        this.codec = new HeartbeatCodec(config.clusterKey());
        this.announcedState = announcedState;
        this.listener = listener;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /** Binds every network's socket and starts sending and receiving. */
    public void start() throws IOException {
        Check.that(detector == null, "heartbeat service already started");
        Map<String, Long> timeouts = new LinkedHashMap<>();
        try {
            for (HeartbeatNetwork network : config.networks()) {
                links.put(network.name(), new Link(network, new DatagramSocket(network.local())));
                timeouts.put(network.name(), network.timeout().toNanos());
            }
        } catch (IOException e) {
            links.values().forEach(link -> link.socket.close());
            throw new IOException("heartbeat: cannot bind " + e.getMessage(), e);
        }
        synchronized (lock) {
            detector = new FailureDetector(timeouts, nanoClock.getAsLong());
        }
        long checkNanos = Long.MAX_VALUE;
        for (Link link : links.values()) {
            link.receiver.start();
            long pulse = link.network.pulse().toNanos();
            tasks.add(scheduler.scheduleAtFixedRate(link::send, 0, pulse, TimeUnit.NANOSECONDS));
            checkNanos = Math.min(checkNanos, pulse);
        }
        tasks.add(scheduler.scheduleAtFixedRate(this::checkTimeouts, checkNanos, checkNanos, TimeUnit.NANOSECONDS));
        log.info("heartbeat: module '{}' node '{}' epoch {} started on {}", config.module(), config.localNode(),
                config.epoch(), links.keySet());
    }

    /** The address actually bound on {@code network} (useful when configured with port 0). */
    public InetSocketAddress localAddress(String network) {
        return (InetSocketAddress) links.get(network).socket.getLocalSocketAddress();
    }

    /** A consistent snapshot of liveness and counters. */
    public HeartbeatStatus status() {
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            Map<String, Liveness> liveness = detector.networks();
            List<HeartbeatStatus.NetworkStatus> networks = new ArrayList<>();
            links.forEach((name, link) -> networks.add(new HeartbeatStatus.NetworkStatus(name, liveness.get(name),
                    TimeUnit.NANOSECONDS.toMillis(detector.silenceNanos(name, now)), link.sent.get(),
                    link.sendErrors.get(), link.accepted.get(), link.malformed.get(), link.forged.get(),
                    link.replayed.get(), link.unexpected.get())));
            return new HeartbeatStatus(detector.peer(), networks);
        }
    }

    @Override
    public void close() {
        closed = true;
        tasks.forEach(task -> task.cancel(false));
        for (Link link : links.values()) {
            link.socket.close();
            try {
                link.receiver.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkTimeouts() {
        synchronized (lock) {
            report(detector.tick(nanoClock.getAsLong()));
        }
    }

    private void accept(Link link, byte[] data, int length) {
        try {
            HeartbeatMessage message = codec.decode(data, length);
            checkAddressedToUs(link, message);
            synchronized (lock) {
                replayGuard.admit(message);
                link.accepted.incrementAndGet();
                deliverState(link.network.name(), message);
                report(detector.heard(link.network.name(), nanoClock.getAsLong()));
            }
        } catch (RejectedPacket rejected) {
            link.count(rejected.reason());
            log.debug("heartbeat: network '{}' rejected a packet ({}): {}", link.network.name(), rejected.reason(),
                    rejected.getMessage());
        }
    }

    private void checkAddressedToUs(Link link, HeartbeatMessage message) throws RejectedPacket {
        if (!message.node().equals(config.peerNode()) || !message.module().equals(config.module())
                || !message.network().equals(link.network.name())) {
            throw new RejectedPacket(RejectedPacket.Reason.UNEXPECTED, "heartbeat from " + message.node() + "/"
                    + message.module() + " on " + message.network() + " is not from our peer on this network");
        }
    }

    /**
     * Hands the peer's state to the listener when it changed. Heartbeats on different networks may
     * arrive out of order; one built before a newer one already seen (smaller sequence, which is
     * shared by all networks) still proves liveness but its state is stale and is skipped.
     */
    private void deliverState(String network, HeartbeatMessage message) {
        boolean newer = message.epoch() > stateEpoch
                || (message.epoch() == stateEpoch && message.sequence() > stateSequence);
        if (!newer) {
            return;
        }
        boolean newEpoch = message.epoch() != stateEpoch;
        stateEpoch = message.epoch();
        stateSequence = message.sequence();
        byte[] state = message.state();
        if (!newEpoch && Arrays.equals(state, lastPeerState)) {
            return;
        }
        lastPeerState = state;
        try {
            listener.peerState(network, message.epoch(), state);
        } catch (RuntimeException e) {
            log.warn("heartbeat: listener threw on a peer state, ignored", e);
        }
    }

    private void report(List<LivenessChange> changes) {
        for (LivenessChange change : changes) {
            switch (change) {
                case LivenessChange.PeerChanged p ->
                        log.info("heartbeat: peer '{}' {} -> {}", config.peerNode(), p.previous(), p.current());
                case LivenessChange.NetworkChanged n when n.current() == Liveness.DOWN ->
                        log.warn("heartbeat: network '{}' lost (nothing from '{}' for {})", n.network(),
                                config.peerNode(), links.get(n.network()).network.timeout());
                case LivenessChange.NetworkChanged n ->
                        log.info("heartbeat: network '{}' {} -> {}", n.network(), n.previous(), n.current());
            }
            try {
                listener.liveness(change);
            } catch (RuntimeException e) {
                log.warn("heartbeat: listener threw on {}, ignored", change, e);
            }
        }
    }

    /** The next heartbeat for {@code network}: sequence and state taken together, so order means recency. */
    private HeartbeatMessage nextMessage(String network) {
        synchronized (sendLock) {
            sequence++;
            return new HeartbeatMessage(config.localNode(), config.module(), network, config.epoch(), sequence,
                    announcedState.get());
        }
    }

    /** One heartbeat network: its socket, receiver thread and counters. */
    private final class Link {
        final HeartbeatNetwork network;
        final DatagramSocket socket;
        final Thread receiver;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong sendErrors = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong malformed = new AtomicLong();
        final AtomicLong forged = new AtomicLong();
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();

        Link(HeartbeatNetwork network, DatagramSocket socket) {
            this.network = network;
            this.socket = socket;
            this.receiver = new Thread(this::receiveLoop, "heartbeat-rx-" + network.name());
            this.receiver.setDaemon(true);
        }

        void send() {
            try {
                byte[] packet = codec.encode(nextMessage(network.name()));
                socket.send(new DatagramPacket(packet, packet.length, network.peer()));
                sent.incrementAndGet();
            } catch (IOException e) {
                if (sendErrors.getAndIncrement() == 0 && !closed) {
                    log.warn("heartbeat: network '{}' cannot send to {}: {} (further errors counted only)",
                            network.name(), network.peer(), e.getMessage());
                }
            } catch (RuntimeException e) {
                // A throwing state supplier must not cancel the periodic task.
                log.error("heartbeat: network '{}' could not build a heartbeat", network.name(), e);
            }
        }

        private void receiveLoop() {
            byte[] buffer = new byte[HeartbeatCodec.PACKET_BYTES_MAX + 1];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!closed) {
                try {
                    packet.setLength(buffer.length);
                    socket.receive(packet);
                    accept(this, buffer, packet.getLength());
                } catch (SocketException e) {
                    if (!closed) {
                        log.error("heartbeat: network '{}' socket failed: {}", network.name(), e.getMessage());
                    }
                    return;
                } catch (IOException e) {
                    log.warn("heartbeat: network '{}' receive error: {}", network.name(), e.getMessage());
                }
            }
        }

        void count(RejectedPacket.Reason reason) {
            (switch (reason) {
                case MALFORMED -> malformed;
                case FORGED -> forged;
                case REPLAYED -> replayed;
                case UNEXPECTED -> unexpected;
            }).incrementAndGet();
        }
    }
}

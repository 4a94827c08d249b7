package org.duplex.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-network heartbeat bookkeeping (pure). A network is up while the peer keeps echoing one of
 * our recent send times: liveness is measured from {@code echoMs}, our own clock, so a link that
 * works in one direction only counts as down on both sides, and clock offsets between the nodes
 * never matter. "Peer down" means every network is down (safekit-behaviour.md §2.2).
 */
final class PeerTracker {
    private final long timeoutMs;
    private final Map<String, Long> lastEchoMs = new LinkedHashMap<>();
    private final Map<String, Long> lastPeerSentMs = new LinkedHashMap<>();
    private Announcement latest;
    private long latestPeerSentMs = Long.MIN_VALUE;
    private long latestEchoMs = -1;

    PeerTracker(List<String> networks, long timeoutMs) {
        this.timeoutMs = timeoutMs;
        for (String n : networks) {
            lastEchoMs.put(n, -1L);
            lastPeerSentMs.put(n, Long.MIN_VALUE);
        }
    }

    /**
     * Records a heartbeat; returns false when it is unknown, a duplicate or older than one already
     * seen on that network. A send time far in the past (more than a timeout) is a restarted peer
     * whose clock began again, and is accepted.
     */
    boolean record(Event.Heartbeat hb) {
        Long previousSent = lastPeerSentMs.get(hb.network());
        if (previousSent == null) {
            return false;
        }
        boolean restarted = previousSent != Long.MIN_VALUE && hb.peerSentMs() < previousSent - timeoutMs;
        if (hb.peerSentMs() <= previousSent && !restarted) {
            return false;
        }
        lastPeerSentMs.put(hb.network(), hb.peerSentMs());
        if (hb.echoMs() > lastEchoMs.get(hb.network()) || restarted) {
            lastEchoMs.put(hb.network(), hb.echoMs());
        }
        if (hb.peerSentMs() > latestPeerSentMs || restarted) {
            latestPeerSentMs = hb.peerSentMs();
            latest = hb.peer();
            latestEchoMs = hb.echoMs();
        }
        return true;
    }

    boolean networkUp(String network, long nowMs) {
        long echo = lastEchoMs.get(network);
        return echo >= 0 && nowMs - echo < timeoutMs;
    }

    /** At least one network works both ways. */
    boolean peerVisible(long nowMs) {
        for (String n : lastEchoMs.keySet()) {
            if (networkUp(n, nowMs)) {
                return true;
            }
        }
        return false;
    }

    /** The newest echoed send time over all networks, -1 if none. */
    long lastEchoMs() {
        long max = -1;
        for (long e : lastEchoMs.values()) {
            max = Math.max(max, e);
        }
        return max;
    }

    /** The peer's latest announcement while it is visible, else null. */
    Announcement visiblePeer(long nowMs) {
        return peerVisible(nowMs) ? latest : null;
    }

    /**
     * The echo carried with the latest announcement: that announcement was made after the peer had
     * received (and processed) our heartbeat sent at this time.
     */
    long latestAnnouncementEchoMs() {
        return latestEchoMs;
    }

    /** The peer's latest announcement ever received, even if the peer is no longer visible. */
    Announcement lastKnown() {
        return latest;
    }

    /** The next instant a network currently up will time out, or Long.MAX_VALUE. */
    long nextExpiryMs(long nowMs) {
        long next = Long.MAX_VALUE;
        for (String n : lastEchoMs.keySet()) {
            if (networkUp(n, nowMs)) {
                next = Math.min(next, lastEchoMs.get(n) + timeoutMs);
            }
        }
        return next;
    }

    Iterable<String> networks() {
        return lastEchoMs.keySet();
    }
}

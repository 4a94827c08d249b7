package org.duplex.node.heartbeat;

import java.util.HashMap;
import java.util.Map;

/**
 * Accepts each authentic heartbeat at most once and never one older than the newest seen, per
 * (sender, network): a later epoch resets the sequence, an equal epoch needs a larger sequence.
 * Pure and not thread-safe; the owner serialises calls.
 */
public final class ReplayGuard {
    private record Key(String node, String network) {}

    private record Position(long epoch, long sequence) {}

    private final Map<Key, Position> newest = new HashMap<>();

    /** Records {@code message} as seen, or throws when it is a replay. */
    public void admit(HeartbeatMessage message) throws RejectedPacket {
        Key key = new Key(message.node(), message.network());
        Position last = newest.get(key);
        if (last != null) {
            if (message.epoch() < last.epoch()) {
                throw new RejectedPacket(RejectedPacket.Reason.REPLAYED,
                        "epoch " + message.epoch() + " is older than " + last.epoch());
            }
            if (message.epoch() == last.epoch() && message.sequence() <= last.sequence()) {
                throw new RejectedPacket(RejectedPacket.Reason.REPLAYED,
                        "sequence " + message.sequence() + " already seen (newest " + last.sequence() + ")");
            }
        }
        newest.put(key, new Position(message.epoch(), message.sequence()));
    }
}

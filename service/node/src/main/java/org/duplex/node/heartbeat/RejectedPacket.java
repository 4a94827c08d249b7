package org.duplex.node.heartbeat;

/** A received datagram that is not a heartbeat we accept; {@link #reason} says which counter it feeds. */
public final class RejectedPacket extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a packet was dropped. */
    public enum Reason {
        /** Not a heartbeat of this protocol version, or truncated. */
        MALFORMED,
        /** The HMAC does not match: wrong cluster key or altered in transit. */
        FORGED,
        /** Authentic but already seen: an old sequence in the current epoch, or an older epoch. */
        REPLAYED,
        /** Authentic but not for us: another module, another peer, another network, or our own. */
        UNEXPECTED
    }

    private final Reason reason;

    public RejectedPacket(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

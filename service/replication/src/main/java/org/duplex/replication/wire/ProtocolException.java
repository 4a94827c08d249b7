package org.duplex.replication.wire;

import java.io.IOException;

/**
 * The stream from the peer broke the protocol: the frame in hand must not be used, the connection is
 * closed, and the owner is told {@link #reason()} with a message naming the frame and the problem.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What was wrong; stable names for logs, tests and the engine. */
    public enum Reason {
        BAD_MAGIC,
        WRONG_VERSION,
        BAD_FLAGS,
        OVERSIZED,
        TRUNCATED,
        BAD_CHECKSUM,
        UNKNOWN_TYPE,
        MALFORMED_PAYLOAD,
        BAD_PATH,
        OUT_OF_ORDER,
        UNEXPECTED_FRAME,
        HANDSHAKE_REFUSED
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

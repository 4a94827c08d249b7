package org.duplex.replication.primary;

import java.time.Duration;
import org.duplex.replication.wire.FrameFormat;

/**
 * The primary pipeline's limits.
 *
 * @param moduleIdentity   module name plus cluster identity; the secondary refuses a different one
 * @param asyncMode        what an application write waits for (fsync always waits for durable)
 * @param ackTimeout       longest an operation waits for its ack (SafeKit {@code locktimeout}; also
 *                         bounds a blocked send, since the connection is closed when it expires):
 *                         no application call waits longer than this plus its local operation
 * @param handshakeTimeout longest {@code connect()} waits for the peer's answer
 * @param maxInFlightBytes bytes of sent but not durably acked mutations held in memory; an operation
 *                         waits (at most {@code ackTimeout}) for room before it starts
 * @param maxPayloadBytes  largest frame payload sent or accepted
 */
public record PipelineSettings(String moduleIdentity, AsyncMode asyncMode, Duration ackTimeout,
        Duration handshakeTimeout, long maxInFlightBytes, int maxPayloadBytes) {
    /** SafeKit's {@code locktimeout} default. */
    public static final Duration ACK_TIMEOUT_DEFAULT = Duration.ofSeconds(100);
    public static final Duration HANDSHAKE_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    public static final long MAX_IN_FLIGHT_BYTES_DEFAULT = 64L << 20;

    public PipelineSettings {
        if (moduleIdentity == null || moduleIdentity.isBlank()) {
            throw new IllegalArgumentException("replication settings: module identity is empty");
        }
        if (asyncMode == null) {
            throw new IllegalArgumentException("replication settings: async mode is missing");
        }
        requirePositive(ackTimeout, "ack timeout (locktimeout)");
        requirePositive(handshakeTimeout, "handshake timeout");
        if (maxPayloadBytes < 4096) {
            throw new IllegalArgumentException("replication settings: maximum frame payload " + maxPayloadBytes + " bytes is below 4096");
        }
        if (maxInFlightBytes < maxPayloadBytes) {
            throw new IllegalArgumentException("replication settings: bytes in flight " + maxInFlightBytes
                    + " is below the maximum frame payload " + maxPayloadBytes);
        }
    }

    /** Production defaults for {@code moduleIdentity}: async="second", locktimeout 100 s. */
    public static PipelineSettings defaults(String moduleIdentity) {
        return new PipelineSettings(moduleIdentity, AsyncMode.SECOND, ACK_TIMEOUT_DEFAULT, HANDSHAKE_TIMEOUT_DEFAULT,
                MAX_IN_FLIGHT_BYTES_DEFAULT, FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public PipelineSettings withAsyncMode(AsyncMode mode) {
        return new PipelineSettings(moduleIdentity, mode, ackTimeout, handshakeTimeout, maxInFlightBytes, maxPayloadBytes);
    }

    public PipelineSettings withAckTimeout(Duration timeout) {
        return new PipelineSettings(moduleIdentity, asyncMode, timeout, handshakeTimeout, maxInFlightBytes, maxPayloadBytes);
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("replication settings: " + what + " must be > 0, got " + value);
        }
    }
}

package org.duplex.replication.wire;

import java.util.Arrays;

/**
 * One decoded, checksum-verified frame. {@code sequence} is the mutation's sequence number for
 * mutation frames, the acknowledged sequence number for acks, and the first sequence number for HELLO.
 */
public record Frame(FrameType type, int flags, long sequence, byte[] payload) {
    public Frame {
        if (type == null || payload == null) {
            throw new IllegalArgumentException("frame needs a type and a payload");
        }
    }

    public static Frame of(FrameType type, long sequence) {
        return new Frame(type, 0, sequence, new byte[0]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.type == type && f.flags == flags && f.sequence == sequence
                && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Long.hashCode(sequence) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "#" + sequence + "(" + payload.length + " bytes)";
    }
}

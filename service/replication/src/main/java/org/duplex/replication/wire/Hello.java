package org.duplex.replication.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The handshake's content. The primary opens with HELLO carrying the module identity (module name and
 * the cluster's identity, so a link between two different modules or clusters is refused before any
 * byte of data moves) and the sequence number of its next mutation; the secondary answers WELCOME
 * or REJECT with a reason. The protocol version is checked by the frame header itself.
 */
public record Hello(String moduleIdentity, long firstSequence) {
    public Hello {
        if (moduleIdentity == null || moduleIdentity.isBlank()) {
            throw new IllegalArgumentException("module identity is empty");
        }
        if (firstSequence < 1) {
            throw new IllegalArgumentException("first sequence number " + firstSequence + " (must be >= 1)");
        }
    }

    public Frame toFrame() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(moduleIdentity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Frame(FrameType.HELLO, 0, firstSequence, bytes.toByteArray());
    }

    public static Hello fromFrame(Frame frame) throws ProtocolException {
        if (frame.type() != FrameType.HELLO) {
            throw new ProtocolException(ProtocolException.Reason.UNEXPECTED_FRAME, "expected HELLO, got " + frame);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(frame.payload());
            int length = in.getShort() & 0xffff;
            byte[] utf8 = new byte[length];
            in.get(utf8);
            if (in.hasRemaining()) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED_PAYLOAD, "HELLO has trailing bytes");
            }
            return new Hello(new String(utf8, StandardCharsets.UTF_8), frame.sequence());
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_PAYLOAD, "bad HELLO: " + e.getMessage(), e);
        }
    }

    /** A REJECT frame with {@code reason} as its payload. */
    public static Frame reject(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        return new Frame(FrameType.REJECT, 0, 0, java.util.Arrays.copyOf(utf8, Math.min(utf8.length, 4000)));
    }

    public static String rejectReason(Frame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }
}

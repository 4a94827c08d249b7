package org.duplex.node.module;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duplex.engine.Announcement;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.duplex.engine.generation.Generations;
import org.duplex.engine.generation.GenerationView;

/**
 * The bytes a node puts in every heartbeat: its engine {@link Announcement} plus the two clocks the
 * engine measures liveness with (the send time on the sender's monotonic clock, and the echo of the
 * latest send time it received from us, on our clock). The heartbeat driver signs and carries
 * them opaquely; this is the only place that knows their layout.
 *
 * <p>Layout (big-endian): version (1), sentMs (8), echoMs (8), state lq-code (1), qualifier (1),
 * flags (1: writable, handover, swapRequested, joinRequested, fullSyncRequested), generation
 * view: has-current (1) [current (16)], history count (1) history (16 each), resyncInProgress (1),
 * lastRole lq-code (1), createdByFailover (1). At most ~300 bytes, well under one datagram.
 */
public final class AnnouncementCodec {
    static final int VERSION = 1;

    /** A decoded heartbeat payload. */
    public record Payload(long sentMs, long echoMs, Announcement announcement) {}

    private AnnouncementCodec() {}

    public static byte[] encode(long sentMs, long echoMs, Announcement a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(320);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(sentMs);
            out.writeLong(echoMs);
            out.writeByte(a.state().lqCode());
            out.writeByte(a.qualifier().ordinal());
            out.writeByte((a.writable() ? 1 : 0) | (a.handover() ? 2 : 0) | (a.swapRequested() ? 4 : 0)
                    | (a.joinRequested() ? 8 : 0) | (a.fullSyncRequested() ? 16 : 0));
            GenerationView g = a.generations();
            out.writeBoolean(g.current() != null);
            if (g.current() != null) {
                writeUuid(out, g.current());
            }
            out.writeByte(g.history().size());
            for (UUID id : g.history()) {
                writeUuid(out, id);
            }
            out.writeBoolean(g.resyncInProgress());
            out.writeByte(g.lastRole().lqCode());
            out.writeBoolean(g.createdByFailover());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Decodes a payload; a malformed one is an {@link IOException} naming what is wrong. */
    public static Payload decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("announcement version " + version + " is not supported (this node speaks "
                        + VERSION + ")");
            }
            long sentMs = in.readLong();
            long echoMs = in.readLong();
            State state = state(in.readUnsignedByte());
            int q = in.readUnsignedByte();
            if (q >= Qualifier.values().length) {
                throw new IOException("announcement qualifier " + q + " is unknown");
            }
            int flags = in.readUnsignedByte();
            UUID current = in.readBoolean() ? readUuid(in) : null;
            int count = in.readUnsignedByte();
            if (count > Generations.HISTORY_MAX) {
                throw new IOException("announcement history of " + count + " generations exceeds "
                        + Generations.HISTORY_MAX);
            }
            List<UUID> history = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                history.add(readUuid(in));
            }
            boolean resyncInProgress = in.readBoolean();
            State lastRole = state(in.readUnsignedByte());
            boolean byFailover = in.readBoolean();
            if (in.available() != 0) {
                throw new IOException("announcement has " + in.available() + " trailing bytes");
            }
            GenerationView view = new GenerationView(current, history, resyncInProgress, lastRole, byFailover);
            Announcement a = new Announcement(state, Qualifier.values()[q], (flags & 1) != 0, view, (flags & 2) != 0,
                    (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0);
            return new Payload(sentMs, echoMs, a);
        } catch (java.io.EOFException e) {
            throw new IOException("announcement is truncated (" + bytes.length + " bytes)");
        }
    }

    private static State state(int lqCode) throws IOException {
        for (State s : State.values()) {
            if (s.lqCode() == lqCode) {
                return s;
            }
        }
        throw new IOException("announcement state code " + lqCode + " is unknown");
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }
}

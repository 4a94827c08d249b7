package org.duplex.replication.primary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.duplex.common.Check;
import org.duplex.replication.mutation.Mutation;

/**
 * The primary's view of what the peer has: the mutations sent and not yet acked DURABLE, in
 * sequence order, and the two cumulative ack marks. Pure bookkeeping (no I/O, no threads, no clock):
 * {@link ReplicationPipeline} calls it under its lock.
 *
 * <p>An entry stays until ACK_DURABLE covers it, even in {@code async="second"} mode where the
 * application was answered at ACK_RECEIVED: if the link dies before the secondary applied it, the
 * entry is among {@link #unapplied()} and gets recorded dirty, so reintegration resends it.
 */
public final class AckWindow {
    /** A sent mutation and the bytes it holds in memory. */
    public record Entry(long sequence, Mutation mutation, long bytes) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSequence;
    private long received;
    private long durable;
    private long bytesInFlight;

    /** A window whose next sequence number is {@code lastSequence + 1}. */
    public AckWindow(long lastSequence) {
        this.lastSequence = lastSequence;
        this.received = lastSequence;
        this.durable = lastSequence;
    }

    /** Assigns the next sequence number to {@code mutation} and keeps it until acked durable. */
    public long add(Mutation mutation, long bytes) {
        long sequence = ++lastSequence;
        entries.addLast(new Entry(sequence, mutation, bytes));
        bytesInFlight += bytes;
        return sequence;
    }

    /**
     * Applies a cumulative ACK_RECEIVED. Returns false, changing nothing, if it acks a sequence
     * number never sent (a protocol violation the caller reports).
     */
    public boolean ackReceived(long sequence) {
        if (sequence > lastSequence) {
            return false;
        }
        received = Math.max(received, sequence);
        return true;
    }

    /** Applies a cumulative ACK_DURABLE and forgets the entries it covers; false as for {@link #ackReceived}. */
    public boolean ackDurable(long sequence) {
        if (sequence > lastSequence) {
            return false;
        }
        durable = Math.max(durable, sequence);
        received = Math.max(received, durable);
        while (!entries.isEmpty() && entries.peekFirst().sequence() <= durable) {
            bytesInFlight -= entries.removeFirst().bytes();
        }
        Check.that(bytesInFlight >= 0, "bytes in flight went negative: %d", bytesInFlight);
        return true;
    }

    /** Whether the application may be answered for {@code sequence} under {@code mode}. */
    public boolean isAcked(long sequence, AsyncMode mode, boolean needsDurable) {
        if (needsDurable || mode == AsyncMode.NONE) {
            return durable >= sequence;
        }
        return received >= sequence;
    }

    /** The entries not yet acked durable, oldest first. */
    public List<Entry> unapplied() {
        return new ArrayList<>(entries);
    }

    /** Forgets every entry (after they were recorded dirty); the marks jump to the last sequence. */
    public void clear() {
        entries.clear();
        bytesInFlight = 0;
        received = lastSequence;
        durable = lastSequence;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public long received() {
        return received;
    }

    public long durable() {
        return durable;
    }

    public long bytesInFlight() {
        return bytesInFlight;
    }

    public int size() {
        return entries.size();
    }
}

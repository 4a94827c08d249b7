package org.duplex.engine.generation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duplex.common.Check;
import org.duplex.engine.State;

/**
 * What one node durably knows about the data it holds (DRBD's generation model, DESIGN.md "Data
 * generations"). Immutable; the node persists it through {@code GenerationStore} whenever the
 * engine emits {@code PersistGeneration}.
 *
 * <ul>
 *   <li>{@code current}: id of the data on this disk; {@code null} before the first {@code prim}
 *       or the first completed resync (the node has no known-good data at all).
 *   <li>{@code history}: ancestors of {@code current}, newest first, at most {@link #HISTORY_MAX}.
 *       A peer whose current id is in this list holds an older state of the same data: it can be
 *       resynced incrementally.
 *   <li>{@code syncPoint}: the generation both nodes held the last time they were in sync.
 *   <li>{@code sequence}: how many generations this node has started; with the node name it makes
 *       each new id unique without randomness in the engine (see {@link #startNew}).
 *   <li>{@code resyncInProgress}: this node is (or was, when it crashed) the target of a resync,
 *       so its files may be half copied: it may not be primary unless forced ({@code primforce}).
 *   <li>{@code cleanStop}: the module stopped through its stop scripts (false from start to stop,
 *       so a crash leaves it false).
 *   <li>{@code lastRole}: the last stable role (ALONE, PRIM or SECOND), for the start decision
 *       and {@code defaultprim="lastprim"}.
 *   <li>{@code createdByFailover}: {@code current} was started by a secondary taking over; in a
 *       split brain the side that was primary before the split keeps priority (SafeKit
 *       sacrifices the former SECOND, safekit-behaviour.md §4.5).
 * </ul>
 */
public record Generations(
        UUID current,
        List<UUID> history,
        UUID syncPoint,
        long sequence,
        boolean resyncInProgress,
        boolean cleanStop,
        State lastRole,
        boolean createdByFailover) {

    /** How many ancestors are kept: enough for any number of failovers between two syncs we care about. */
    public static final int HISTORY_MAX = 16;

    public Generations {
        history = List.copyOf(history);
        Check.argument(history.size() <= HISTORY_MAX, "history longer than %d: %s", HISTORY_MAX, history);
        Check.argument(sequence >= 0, "negative generation sequence %d", sequence);
        Check.argument(lastRole != null, "lastRole must be set (STOP when never started)");
        Check.argument(current != null || history.isEmpty(), "history %s without a current generation", history);
    }

    /** A node that never held known-good data (fresh install). */
    public static Generations none() {
        return new Generations(null, List.of(), null, 0, false, true, State.STOP, false);
    }

    public boolean hasData() {
        return current != null;
    }

    /** True when {@code id} is this node's current generation or one of its ancestors. */
    public boolean knows(UUID id) {
        return id != null && (id.equals(current) || history.contains(id));
    }

    /**
     * Starts a new generation: the old current becomes the newest ancestor. The id is derived from
     * (node, sequence, now) so the engine stays free of randomness; the pair is unique because the
     * sequence only grows and is persisted before the id is used for any write.
     */
    public Generations startNew(String nodeName, long nowMs, boolean byFailover, State role) {
        long next = sequence + 1;
        UUID id = UUID.nameUUIDFromBytes((nodeName + "/" + next + "/" + nowMs).getBytes(StandardCharsets.UTF_8));
        List<UUID> newHistory = new ArrayList<>();
        if (current != null) {
            newHistory.add(current);
        }
        for (UUID old : history) {
            if (newHistory.size() == HISTORY_MAX) {
                break;
            }
            newHistory.add(old);
        }
        return new Generations(id, newHistory, syncPoint, next, resyncInProgress, cleanStop, role, byFailover);
    }

    /**
     * Back to the parent generation: used when a primary blocked writes for a new generation but
     * had to stop without accepting any write under it, so its data still descend from the parent
     * (writes applied locally but never acknowledged are the resync's business, like after a crash).
     */
    public Generations rollBack() {
        Check.argument(!history.isEmpty(), "no parent generation to roll back to from %s", current);
        return new Generations(history.get(0), history.subList(1, history.size()), syncPoint, sequence,
                resyncInProgress, cleanStop, lastRole, createdByFailover);
    }

    /** After a completed resync: this node now holds exactly the source's generation. */
    public Generations adoptFrom(UUID sourceCurrent, List<UUID> sourceHistory, boolean sourceByFailover) {
        Check.argument(sourceCurrent != null, "cannot adopt a source without data");
        return new Generations(sourceCurrent, sourceHistory, sourceCurrent, sequence, false, cleanStop,
                State.SECOND, sourceByFailover);
    }

    public Generations withResyncInProgress(boolean value) {
        return new Generations(current, history, syncPoint, sequence, value, cleanStop, lastRole, createdByFailover);
    }

    public Generations withCleanStop(boolean value) {
        return new Generations(current, history, syncPoint, sequence, resyncInProgress, value, lastRole, createdByFailover);
    }

    public Generations withLastRole(State role) {
        return new Generations(current, history, syncPoint, sequence, resyncInProgress, cleanStop, role, createdByFailover);
    }

    public Generations withSyncPoint(UUID point) {
        return new Generations(current, history, point, sequence, resyncInProgress, cleanStop, lastRole, createdByFailover);
    }

    /** Short form for logs: first 8 hex digits of the current id, or "none". */
    public String shortId() {
        return current == null ? "none" : current.toString().substring(0, 8);
    }
}

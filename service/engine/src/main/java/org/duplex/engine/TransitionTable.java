package org.duplex.engine;

import static org.duplex.engine.State.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The moves the engine may make: (state, event kind) -> the main states it may enter. Staying in
 * the same state (any qualifier) is always allowed. Every state change is checked against this
 * table at run time; an illegal one is a bug, logged, and the module stops (never silently).
 * Rendered in docs/ENGINE.md; TransitionTableTest enumerates every (state, event) pair.
 *
 * <p>Plans run across events: a move that waits for a script continues on SCRIPT_FINISHED or on
 * the script's TIMER, which is why those columns allow the ends of the plans that start in a state.
 */
public final class TransitionTable {
    private static final Map<State, Map<EventKind, Set<State>>> MOVES = new EnumMap<>(State.class);

    static {
        row(STOP)
                .on(EnumSet.of(EventKind.START, EventKind.PRIM, EventKind.PRIMFORCE, EventKind.SECOND, EventKind.SECONDFORCE), WAIT)
                .on(EventKind.SCRIPT_FINISHED, WAIT) // stopstart: the stop plan ends, the start begins
                .on(EventKind.TIMER, WAIT);

        row(WAIT)
                .on(EnumSet.of(EventKind.STOP, EventKind.FORCESTOP, EventKind.PERSIST_FAILED, EventKind.STOPSTART), STOP)
                .on(EnumSet.of(EventKind.PRIM, EventKind.PRIMFORCE), ALONE)
                .on(EnumSet.of(EventKind.SECOND, EventKind.SECONDFORCE), SECOND, ALONE)
                .on(EnumSet.of(EventKind.HEARTBEAT, EventKind.TIMER, EventKind.RESOURCE, EventKind.FAILOVER, EventKind.WITNESS, EventKind.REPLICATION_UP, EventKind.REPLICATION_LOST, EventKind.RESYNC_FAILED), ALONE, SECOND)
                .on(EventKind.SCRIPT_FINISHED, ALONE, SECOND, STOP)
                .on(EventKind.TIMER, STOP);

        row(ALONE)
                .on(EnumSet.of(EventKind.STOP, EventKind.STOPSTART), WAIT)
                .on(EnumSet.of(EventKind.FORCESTOP, EventKind.PERSIST_FAILED), STOP)
                .on(EnumSet.of(EventKind.HEARTBEAT, EventKind.REPLICATION_UP, EventKind.RESYNC_DONE, EventKind.RESYNC_PROGRESS, EventKind.TIMER), PRIM, SECOND)
                .on(EnumSet.of(EventKind.RESOURCE, EventKind.WITNESS, EventKind.TIMER), WAIT)
                .on(EventKind.RESOURCE, STOP)
                .on(EventKind.SCRIPT_FINISHED, PRIM, SECOND, WAIT, STOP)
                .on(EventKind.TIMER, STOP);

        row(PRIM)
                .on(EnumSet.of(EventKind.STOP, EventKind.STOPSTART), WAIT)
                .on(EnumSet.of(EventKind.FORCESTOP, EventKind.PERSIST_FAILED), STOP)
                .on(EventKind.SWAP, SECOND)
                .on(EnumSet.of(EventKind.HEARTBEAT, EventKind.TIMER, EventKind.REPLICATION_LOST, EventKind.WITNESS), ALONE, SECOND, WAIT)
                .on(EventKind.RESOURCE, WAIT, STOP)
                .on(EventKind.SCRIPT_FINISHED, ALONE, SECOND, WAIT, STOP)
                .on(EventKind.TIMER, STOP);

        row(SECOND)
                .on(EnumSet.of(EventKind.STOP, EventKind.STOPSTART), WAIT)
                .on(EnumSet.of(EventKind.FORCESTOP, EventKind.PERSIST_FAILED), STOP)
                .on(EnumSet.of(EventKind.HEARTBEAT, EventKind.TIMER, EventKind.WITNESS, EventKind.FAILOVER), ALONE, WAIT)
                .on(EnumSet.of(EventKind.REPLICATION_LOST, EventKind.RESYNC_FAILED, EventKind.REPLICATION_UP, EventKind.RESYNC_PROGRESS, EventKind.RESYNC_DONE), WAIT)
                .on(EventKind.RESOURCE, WAIT, STOP)
                .on(EventKind.SCRIPT_FINISHED, ALONE, WAIT, STOP)
                .on(EventKind.TIMER, STOP);
    }

    private TransitionTable() {}

    /** True when the engine may move from {@code from} to {@code to} while handling an event of this kind. */
    public static boolean allows(State from, EventKind kind, State to) {
        return from == to || MOVES.get(from).getOrDefault(kind, Set.of()).contains(to);
    }

    /** The targets other than staying put, for rendering and tests. */
    public static Set<State> targets(State from, EventKind kind) {
        return Set.copyOf(MOVES.get(from).getOrDefault(kind, Set.of()));
    }

    private static Row row(State from) {
        Map<EventKind, Set<State>> m = new EnumMap<>(EventKind.class);
        MOVES.put(from, m);
        return new Row(m);
    }

    private record Row(Map<EventKind, Set<State>> m) {
        Row on(EventKind kind, State... to) {
            return on(EnumSet.of(kind), to);
        }

        Row on(Set<EventKind> kinds, State... to) {
            for (EventKind k : kinds) {
                Set<State> set = m.computeIfAbsent(k, x -> EnumSet.noneOf(State.class));
                set.addAll(Set.of(to));
            }
            return this;
        }
    }
}

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

    /**
     * Events that only change facts; any of them can let the reconciler (or a waiting plan) move on.
     * Commands are the other columns: they start moves directly.
     */
    public static final Set<EventKind> FACTS = EnumSet.of(EventKind.HEARTBEAT, EventKind.REPLICATION_UP,
            EventKind.REPLICATION_LOST, EventKind.RESYNC_PROGRESS, EventKind.RESYNC_DONE, EventKind.RESYNC_FAILED,
            EventKind.SCRIPT_FINISHED, EventKind.RESOURCE, EventKind.WITNESS, EventKind.TIMER, EventKind.FAILOVER);

    private static final Set<EventKind> STOPPING = EnumSet.of(EventKind.STOP, EventKind.STOPSTART);
    private static final Set<EventKind> HARD_STOP = EnumSet.of(EventKind.FORCESTOP, EventKind.PERSIST_FAILED);
    private static final Set<EventKind> PLAN_END = EnumSet.of(EventKind.SCRIPT_FINISHED, EventKind.TIMER);

    static {
        row(STOP)                                                   // stopped: only commands start it
                .on(EnumSet.of(EventKind.START, EventKind.PRIM, EventKind.PRIMFORCE, EventKind.SECOND,
                        EventKind.SECONDFORCE), WAIT)
                .on(PLAN_END, WAIT);                                // stopstart: the start half

        row(WAIT)                                                   // deciding or blocked
                .on(EnumSet.of(EventKind.PRIM, EventKind.PRIMFORCE), ALONE)
                .on(FACTS, ALONE, SECOND)                           // elected / joining a primary
                .on(PLAN_END, STOP)                                 // end of a stop plan
                .on(STOPPING, STOP)
                .on(HARD_STOP, STOP);

        row(ALONE)                                                  // primary without secondary
                .on(FACTS, PRIM, SECOND, WAIT)                      // secondary in sync / split-brain loser / fenced, checker
                .on(STOPPING, WAIT)
                .on(HARD_STOP, STOP);

        row(PRIM)                                                   // primary with an in-sync secondary
                .on(FACTS, ALONE, SECOND, WAIT)                     // secondary lost / swap or split brain / fenced
                .on(EventKind.SWAP, SECOND)
                .on(STOPPING, WAIT)
                .on(HARD_STOP, STOP);

        row(SECOND)                                                 // replica
                .on(FACTS, ALONE, WAIT)                             // failover / degraded, primary lost, checker
                .on(STOPPING, WAIT)
                .on(HARD_STOP, STOP);
    }

    private TransitionTable() {}

    /** True when the engine may move from {@code from} to {@code to} while handling an event of this kind. */
    public static boolean allows(State from, EventKind kind, State to) {
        return from == to || MOVES.get(from).getOrDefault(kind, Set.of()).contains(to);
    }

    /**
     * True when a move decided from facts (the reconciler, a plan going on, a safety reaction) is
     * allowed, whatever event woke the engine: the union of the FACTS columns.
     */
    public static boolean allowsFromFacts(State from, State to) {
        for (EventKind k : FACTS) {
            if (allows(from, k, to)) {
                return true;
            }
        }
        return false;
    }

    /** The targets other than staying put, for rendering and tests. */
    public static Set<State> targets(State from, EventKind kind) {
        return Set.copyOf(MOVES.get(from).getOrDefault(kind, Set.of()));
    }

    /** The table as Markdown (one row per state, one column per group of event kinds), for docs/ENGINE.md. */
    public static String renderMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| from \\ event | ");
        for (EventKind k : EventKind.values()) {
            sb.append(k.name().toLowerCase()).append(" | ");
        }
        sb.setLength(sb.length() - 1);
        sb.append("\n|---|");
        for (int i = 0; i < EventKind.values().length; i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (State from : State.values()) {
            sb.append("| **").append(from).append("** | ");
            for (EventKind k : EventKind.values()) {
                Set<State> to = targets(from, k);
                sb.append(to.isEmpty() ? "." : String.join(" ", to.stream().sorted().map(State::name).toList()))
                        .append(" | ");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        return sb.toString();
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

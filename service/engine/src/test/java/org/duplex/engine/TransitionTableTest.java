package org.duplex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, event kind) pair, exhaustively: the engine reaches each state by its normal path,
 * gets one representative event of each kind, then all its scripts complete. No move may leave
 * the transition table (the engine would log "BUG:" and stop).
 */
class TransitionTableTest {

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (State s : State.values()) {
            for (EventKind k : EventKind.values()) {
                pairs.add(Arguments.of(s, k));
            }
        }
        return pairs.stream();
    }

    @Test
    void eachPathReachesItsState() {
        for (State s : State.values()) {
            Harness h = Paths.in(s);
            assertThat(h.engine.state()).as("path to %s", s).isEqualTo(s);
            assertThat(h.logs()).noneMatch(l -> l.startsWith("BUG"));
        }
        assertThat(Paths.in(State.PRIM).engine.qualifier()).isEqualTo(Qualifier.READY);
        assertThat(Paths.in(State.SECOND).engine.qualifier()).isEqualTo(Qualifier.READY);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("everyPair")
    void noEventLeavesTheTable(State state, EventKind kind) {
        Harness h = Paths.in(state);
        State before = h.engine.state();
        for (Event e : representatives(kind, h)) {
            h.step(e);
        }
        State after = h.engine.state();
        assertThat(TransitionTable.allows(before, kind, after) || TransitionTable.allowsFromFacts(before, after))
                .as("%s -> %s on %s", before, after, kind).isTrue();
        h.finishScripts();
        h.advance(2000);
        h.finishScripts();
        assertThat(h.logs()).as("engine logs").noneMatch(l -> l.startsWith("BUG"));
    }

    @Test
    void stopIsLeftOnlyByStartingCommands() {
        for (EventKind k : TransitionTable.FACTS) {
            if (k != EventKind.SCRIPT_FINISHED && k != EventKind.TIMER) {
                assertThat(TransitionTable.targets(State.STOP, k)).as("STOP on %s", k).isEmpty();
            }
        }
        assertThat(TransitionTable.targets(State.STOP, EventKind.START)).containsExactly(State.WAIT);
        assertThat(TransitionTable.allows(State.SECOND, EventKind.HEARTBEAT, State.PRIM))
                .as("a secondary never becomes PRIM directly: it goes ALONE first").isFalse();
    }

    @Test
    void illegalMoveIsLoggedAsBugAndStopsTheModule() {
        // A plan end that would enter a state the table forbids cannot be produced through the
        // public API (that is the point); the guard is exercised through the safe-stop path instead:
        Harness h = Paths.in(State.ALONE);
        h.step(new Event.PersistFailed("disk full"));
        assertThat(h.engine.state()).isEqualTo(State.STOP);
        assertThat(h.actions).contains(new Action.SetFilter(Action.FilterMode.UNMOUNTED), new Action.SetVip(false));
    }

    private static List<Event> representatives(EventKind kind, Harness h) {
        return switch (kind) {
            case START -> List.of(Event.Command.admin(CommandKind.START));
            case STOP -> List.of(Event.Command.admin(CommandKind.STOP));
            case PRIM -> List.of(Event.Command.admin(CommandKind.PRIM));
            case SECOND -> List.of(Event.Command.admin(CommandKind.SECOND));
            case SWAP -> List.of(Event.Command.admin(CommandKind.SWAP));
            case RESTART -> List.of(Event.Command.admin(CommandKind.RESTART));
            case STOPSTART -> List.of(Event.Command.admin(CommandKind.STOPSTART));
            case FORCESTOP -> List.of(Event.Command.admin(CommandKind.FORCESTOP));
            case PRIMFORCE -> List.of(Event.Command.admin(CommandKind.PRIMFORCE));
            case SECONDFORCE -> List.of(Event.Command.admin(CommandKind.SECONDFORCE));
            case FAILOVER -> List.of(Event.Command.admin(CommandKind.FAILOVER_OFF));
            case HEARTBEAT -> List.of(new Event.Heartbeat("default", 1_000_000, h.now,
                    new Announcement(State.ALONE, Qualifier.READY, true, Harness.view(UUID.randomUUID()),
                            false, false, false, false)));
            case REPLICATION_UP -> List.of(new Event.ReplicationUp());
            case REPLICATION_LOST -> List.of(new Event.ReplicationLost("test"));
            case RESYNC_PROGRESS -> List.of(new Event.ResyncProgress(50));
            case RESYNC_DONE -> List.of(new Event.ResyncDone(UUID.randomUUID(), List.of(), false));
            case RESYNC_FAILED -> List.of(new Event.ResyncFailed("test"));
            case SCRIPT_FINISHED -> List.of(new Event.ScriptFinished(h.nextScript() == null ? 999 : h.nextScript().runId(), 1));
            case RESOURCE -> List.of(new Event.ResourceChanged("proc.app", false, Event.CheckerAction.WAIT));
            case WITNESS -> List.of(new Event.WitnessResult(1, false));
            case TIMER -> List.of(new Event.TimerFired(Event.TimerKind.SCRIPT), new Event.TimerFired(Event.TimerKind.HEARTBEAT));
            case PERSIST_FAILED -> List.of(new Event.PersistFailed("disk full"));
        };
    }
}

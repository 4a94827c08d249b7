package org.duplex.engine;

import java.util.List;
import java.util.UUID;

/**
 * Everything that can happen to the engine. The driver turns sockets, timers, processes and CLI
 * calls into these records and feeds them to {@link Engine#step}. Expected operating failures
 * (dead peer, failed script, full disk) are events, never exceptions.
 */
public sealed interface Event {

    /** The row of the transition table this event belongs to. */
    EventKind kind();

    /** An operator or checker command (SafeKit verbs, safekit-behaviour.md §3). */
    record Command(CommandKind command, String identity) implements Event {
        /** A command typed by an administrator (no identity: resets the maxloop counter). */
        public static Command admin(CommandKind command) {
            return new Command(command, null);
        }

        @Override
        public EventKind kind() {
            return command.eventKind();
        }
    }

    /**
     * A heartbeat from the peer on one network.
     *
     * @param network      heartbeat network name
     * @param peerSentMs   the peer's send time on its own monotonic clock (orders heartbeats; stale ones are ignored)
     * @param echoMs       the latest send time of ours the peer had received, on OUR clock; -1 if none yet.
     *                     The engine measures liveness and fencing from it, so a one-way link counts as down.
     * @param peer         the peer's announced state
     */
    record Heartbeat(String network, long peerSentMs, long echoMs, Announcement peer) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.HEARTBEAT;
        }
    }

    /** The replication link (TCP to the peer) is connected and both ends attached. */
    record ReplicationUp() implements Event {
        @Override
        public EventKind kind() {
            return EventKind.REPLICATION_UP;
        }
    }

    /** The replication link broke or timed out (locktimeout/sendtimeout, safekit-behaviour.md §4.4). */
    record ReplicationLost(String reason) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.REPLICATION_LOST;
        }
    }

    /** Resync progress, in percent, for SECOND(Transient). */
    record ResyncProgress(int percent) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.RESYNC_PROGRESS;
        }
    }

    /** The resync finished; {@code sourceCurrent}/{@code sourceHistory} are the generations the target now holds. */
    record ResyncDone(UUID sourceCurrent, List<UUID> sourceHistory, boolean sourceByFailover) implements Event {
        public ResyncDone {
            sourceHistory = List.copyOf(sourceHistory);
        }

        @Override
        public EventKind kind() {
            return EventKind.RESYNC_DONE;
        }
    }

    /** The resync stopped before the end. */
    record ResyncFailed(String reason) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.RESYNC_FAILED;
        }
    }

    /** A script started by {@link Action.RunScript} with the same {@code runId} ended. */
    record ScriptFinished(long runId, int exitCode) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.SCRIPT_FINISHED;
        }
    }

    /** A checker or errd changed a resource (e.g. {@code proc.postgres}), with the action the config asks. */
    record ResourceChanged(String resource, boolean up, CheckerAction action) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.RESOURCE;
        }
    }

    /** Answer to {@link Action.CheckWitness} with the same id: at least one split-brain witness answered. */
    record WitnessResult(long requestId, boolean reachable) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.WITNESS;
        }
    }

    /** A timer scheduled with {@link Action.ScheduleTimer} is due. */
    record TimerFired(TimerKind timer) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.TIMER;
        }
    }

    /** {@link Action.PersistGeneration} failed (full or broken disk); the driver ran none of the later actions. */
    record PersistFailed(String reason) implements Event {
        @Override
        public EventKind kind() {
            return EventKind.PERSIST_FAILED;
        }
    }

    /** What a checker's configuration asks when its resource goes down (safekit-behaviour.md §2.7-2.8). */
    enum CheckerAction { RESTART, STOPSTART, STOP, WAIT, NOACTION }

    /** The engine's timers; one pending deadline per kind, a late or stale firing is harmless. */
    enum TimerKind { HEARTBEAT, SCRIPT, STARTUP }
}

package org.duplex.engine;

import java.util.List;
import org.duplex.engine.generation.Generations;

/**
 * What the engine asks its drivers to do. The driver executes the list returned by one
 * {@link Engine#step} strictly in order, one action after the other; the order is part of the
 * contract (e.g. {@link PersistGeneration} before {@link SetFilter} READ_WRITE, {@link SetVip}
 * off before the {@code stop_prim} script). If {@link PersistGeneration} fails, the driver runs
 * none of the remaining actions and feeds {@link Event.PersistFailed} back.
 */
public sealed interface Action {

    /**
     * Run a module script ({@code SAFEUSERBIN/<name>}) with SafeKit's arguments
     * {@code [force] <current state> <next state> <action>} (safekit-behaviour.md §2.10), then
     * report {@link Event.ScriptFinished} with the same {@code runId}. The engine enforces the
     * time limit itself: it sends {@link KillScript} and moves on when its timer fires first.
     */
    record RunScript(long runId, String name, List<String> args) implements Action {
        public RunScript {
            args = List.copyOf(args);
        }
    }

    /** Kill a script that overran its timeout (and its process tree). No {@code ScriptFinished} is expected after it. */
    record KillScript(long runId, String name) implements Action {}

    /** Mount, unmount or switch the mode of the file-system filter over the replicated directories. */
    record SetFilter(FilterMode mode) implements Action {}

    /** Add (primary) or remove the virtual IP(s). */
    record SetVip(boolean on) implements Action {}

    /** Attach the replication stream: as SOURCE (primary, sync writes to the peer) or TARGET (apply the peer's writes). */
    record StartReplication(Role role) implements Action {}

    /** Detach and close the replication stream, whatever its role. */
    record StopReplication() implements Action {}

    /** Start a reintegration as SOURCE or TARGET; the target reports progress and done/failed. */
    record StartResync(Role role, ResyncMode mode) implements Action {}

    /** Abandon a running reintegration (the target keeps its "resync in progress" flag). */
    record StopResync() implements Action {}

    /** Durably store the node's generations (atomic replace + fsync) before anything after it. */
    record PersistGeneration(Generations generations) implements Action {}

    /**
     * The two nodes' data diverged (both wrote alone). The reintegration logic saves this node's
     * divergent files (e.g. under {@code splitbrain/<date>}) when {@code thisNodeIsTarget}, before
     * any resync overwrites them, and raises an alert. Never silently discarded.
     */
    record ReportSplitBrain(boolean thisNodeIsTarget, String localGeneration, String peerGeneration) implements Action {}

    /** A module log line; INFO transition lines follow one grammar (see {@link Engine}). */
    record Log(Level level, String message) implements Action {}

    /** Set a resource shown by {@code state -v}, e.g. {@code rfs.uptodate=down} or {@code rfs.resync=42}. */
    record SetResource(String name, String value) implements Action {}

    /** Deliver {@link Event.TimerFired} at (or after) {@code atMs} on the engine's clock. Replaces any earlier one of that kind. */
    record ScheduleTimer(Event.TimerKind timer, long atMs) implements Action {}

    /** Send this announcement in every heartbeat from now on. */
    record PublishState(Announcement announcement) implements Action {}

    /** Ping the split-brain witness(es) and answer with {@link Event.WitnessResult} carrying {@code requestId}. */
    record CheckWitness(long requestId) implements Action {}

    /** Modes of the file-system filter. */
    enum FilterMode {
        /** Plain directory, nothing intercepted (STOP, WAIT). */
        UNMOUNTED,
        /** Mounted, applications get read-only access; the replication applier writes underneath (SECOND). */
        READ_ONLY,
        /** Mounted, application writes wait (bounded) until the engine decides: fenced or about to go ALONE. */
        WRITES_BLOCKED,
        /** Mounted, application writes accepted and replicated when a target is attached (PRIM, ALONE). */
        READ_WRITE
    }

    enum Role { SOURCE, TARGET }

    enum ResyncMode {
        /** Only regions recorded dirty since the target's generation (it is an ancestor of the source's). */
        INCREMENTAL,
        /** Compare everything by checksums: first sync, diverged data, interrupted resync, fullsync. */
        FULL
    }

    enum Level { INFO, WARN, ERROR }
}

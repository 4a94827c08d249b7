package org.duplex.engine;

/** The module commands the engine handles (safekit-behaviour.md §1.5, §3). */
public enum CommandKind {
    START(EventKind.START),
    STOP(EventKind.STOP),
    PRIM(EventKind.PRIM),
    SECOND(EventKind.SECOND),
    SWAP(EventKind.SWAP),
    RESTART(EventKind.RESTART),
    STOPSTART(EventKind.STOPSTART),
    FORCESTOP(EventKind.FORCESTOP),
    PRIMFORCE(EventKind.PRIMFORCE),
    SECONDFORCE(EventKind.SECONDFORCE),
    PRIM_FULLSYNC(EventKind.PRIM),
    SECOND_FULLSYNC(EventKind.SECOND),
    FAILOVER_ON(EventKind.FAILOVER),
    FAILOVER_OFF(EventKind.FAILOVER);

    private final EventKind eventKind;

    CommandKind(EventKind eventKind) {
        this.eventKind = eventKind;
    }

    public EventKind eventKind() {
        return eventKind;
    }

    /** The verb as typed on the command line, e.g. {@code prim fullsync}. */
    public String verb() {
        return name().toLowerCase().replace('_', ' ');
    }
}

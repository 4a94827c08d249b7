package org.duplex.engine;

/** The columns of the transition table: one per event type, commands split by verb. */
public enum EventKind {
    START, STOP, PRIM, SECOND, SWAP, RESTART, STOPSTART, FORCESTOP, PRIMFORCE, SECONDFORCE, FAILOVER,
    HEARTBEAT, REPLICATION_UP, REPLICATION_LOST, RESYNC_PROGRESS, RESYNC_DONE, RESYNC_FAILED,
    SCRIPT_FINISHED, RESOURCE, WITNESS, TIMER, PERSIST_FAILED
}

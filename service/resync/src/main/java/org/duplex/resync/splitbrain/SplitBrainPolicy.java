package org.duplex.resync.splitbrain;

/** Which side's data survives when both changed while apart. */
public enum SplitBrainPolicy {
    /** The node that was primary most recently keeps its data (ties: more changes). */
    KEEP_LAST_PRIMARY,
    /** The node with more changed bytes while apart keeps its data (the default; ties: last primary). */
    KEEP_MORE_CHANGES,
    /** Neither: refuse to resync and wait for the operator ({@code prim}/{@code second fullsync}). */
    MANUAL
}

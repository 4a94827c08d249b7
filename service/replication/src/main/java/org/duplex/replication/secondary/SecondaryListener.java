package org.duplex.replication.secondary;

/**
 * What the secondary side reports to its owner (the node daemon, which feeds the engine). Calls come
 * from receiver threads; an exception thrown here is logged and ignored.
 */
public interface SecondaryListener {
    /** A primary completed the handshake; mutations from {@code firstSequence} on follow. */
    void streamStarted(String peer, long firstSequence);

    /**
     * The stream ended. {@code needsResync} is true when something was refused (corrupt frame, escape
     * attempt, failed apply, wrong identity): this copy may lack operations the primary performed and
     * must be reintegrated before it is trusted. Every frame applied before the end was valid.
     *
     * @param appliedThrough the last sequence number applied (0 if none)
     */
    void streamEnded(String reason, boolean needsResync, long appliedThrough);

    SecondaryListener NONE = new SecondaryListener() {
        @Override
        public void streamStarted(String peer, long firstSequence) {}

        @Override
        public void streamEnded(String reason, boolean needsResync, long appliedThrough) {}
    };
}

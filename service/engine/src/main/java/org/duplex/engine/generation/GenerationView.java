package org.duplex.engine.generation;

import java.util.List;
import java.util.UUID;
import org.duplex.engine.State;

/**
 * The part of the peer's generations that travels in its heartbeats: enough to compare lineages
 * and to adopt the source's history after a resync.
 */
public record GenerationView(UUID current, List<UUID> history, boolean resyncInProgress, State lastRole,
                             boolean createdByFailover) {

    public GenerationView {
        history = List.copyOf(history);
    }

    /** The announceable part of a node's own generations. */
    public static GenerationView of(Generations g) {
        return new GenerationView(g.current(), g.history(), g.resyncInProgress(), g.lastRole(), g.createdByFailover());
    }

    public boolean knows(UUID id) {
        return id != null && (id.equals(current) || history.contains(id));
    }

    /** Short form for logs: first 8 hex digits of the current id, or "none". */
    public String shortId() {
        return current == null ? "none" : current.toString().substring(0, 8);
    }
}

package org.duplex.node.control;

import java.time.Instant;

/** A node as the control API shows it. */
public record NodeInfo(String name, String version, Instant startedAt) {

    /** The start time as ISO-8601 text (what the API sends). */
    public String startedAtText() {
        return startedAt.toString();
    }
}

package org.duplex.replication.secondary;

import java.io.IOException;

/** A replicated path would resolve outside the replicated directory (through a symlink, typically). */
public final class PathEscapeException extends IOException {
    private static final long serialVersionUID = 1L;

    public PathEscapeException(String path, String why) {
        super("path '" + path + "' rejected: " + why);
    }
}

package org.duplex.config.store;

import java.nio.file.Path;

/**
 * A module in the store. Its id decides its ports, as in SafeKit (safekit-behaviour.md §5.7).
 */
public record InstalledModule(String name, int id, Path dir) {
    /** UDP port of the module's heartbeats unless {@code <heart port>} says otherwise. */
    public int heartPort() {
        return 8888 + id - 1;
    }

    /** TCP port of replication and reintegration. */
    public int replicationPort() {
        return 5600 + (id - 1) * 4;
    }
}

package org.duplex.cli.control;

import java.net.URI;
import java.nio.file.Path;
import org.duplex.node.control.ControlClient;
import org.duplex.node.control.ControlToken;

/**
 * Where the local daemon listens and how to prove who we are to it: the control token the daemon
 * wrote under its var dir. {@code DUPLEX_CONTROL_URL} overrides the address (tests, a second node
 * on one machine); {@code DUPLEX_SAFEVAR} the var dir.
 */
public final class DaemonConnection {
    static final String DEFAULT_URL = "http://127.0.0.1:9010/";
    static final String DEFAULT_SAFEVAR = "/var/lib/duplex";

    private DaemonConnection() {}

    public static ControlClient local() {
        String url = System.getenv().getOrDefault("DUPLEX_CONTROL_URL", DEFAULT_URL);
        Path tokenFile = tokenFile(System.getenv().getOrDefault("DUPLEX_SAFEVAR", DEFAULT_SAFEVAR));
        return new ControlClient(URI.create(url), ControlToken.read(tokenFile));
    }

    /** The token file the daemon writes at start, under SAFEVAR. */
    public static Path tokenFile(String safeVar) {
        return Path.of(safeVar, "private", "control.token");
    }
}

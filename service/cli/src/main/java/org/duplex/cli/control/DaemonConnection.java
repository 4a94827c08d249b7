package org.duplex.cli.control;

import java.net.URI;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.node.control.ControlClient;
import org.duplex.node.control.ControlToken;

/**
 * Where the local daemon listens and how to prove who we are to it: the control token the daemon
 * wrote under its SAFEVAR. {@code DUPLEX_CONTROL_URL} overrides the address (a second node on one
 * machine); {@code DUPLEX_SAFEVAR} the var dir (see {@link DuplexPaths}).
 */
public final class DaemonConnection {
    public static final String URL_ENV = "DUPLEX_CONTROL_URL";
    static final String DEFAULT_URL = "http://127.0.0.1:9010/";

    private DaemonConnection() {}

    public static ControlClient local() {
        String url = System.getenv().getOrDefault(URL_ENV, DEFAULT_URL);
        DuplexPaths paths = DuplexPaths.fromEnvironment(System.getenv(), Platform.current());
        return new ControlClient(URI.create(url), ControlToken.read(ControlToken.file(paths)));
    }
}

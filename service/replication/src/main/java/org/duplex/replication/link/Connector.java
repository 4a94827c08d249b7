package org.duplex.replication.link;

import java.io.IOException;

/** Opens a connection to the peer (the primary's side). A TLS connector is another implementation. */
@FunctionalInterface
public interface Connector {
    Connection connect() throws IOException;
}

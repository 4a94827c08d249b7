package org.duplex.replication.link;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to the peer. Everything above it works on the two streams only, so a TLS socket
 * (an {@code SSLSocket} from the same kind of factory) drops in without change.
 *
 * <p>{@link #close()} must be safe to call from any thread and more than once, and must unblock a
 * thread blocked reading or writing: that is how a timed-out peer is cut off.
 */
public interface Connection extends Closeable {
    InputStream input();

    OutputStream output();

    /** For logs: e.g. "127.0.0.1:41234 -> 127.0.0.1:5600". */
    String describe();

    @Override
    void close();
}

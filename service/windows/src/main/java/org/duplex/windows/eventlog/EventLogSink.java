package org.duplex.windows.eventlog;

/** Where Windows Event Log records go; {@link AdvapiEventLogSink} on Windows, a list in tests. */
public interface EventLogSink extends AutoCloseable {

    enum Type { ERROR, WARNING, INFORMATION }

    /** Writes one record; must not throw (logging never takes the daemon down). */
    void report(Type type, int eventId, String message);

    @Override
    void close();
}

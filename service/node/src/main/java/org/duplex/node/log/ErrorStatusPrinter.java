package org.duplex.node.log;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints Logback's own errors (a log file that cannot be opened or written) on stderr, which
 * Logback otherwise only records in its status manager; its informational chatter is not shown.
 */
final class ErrorStatusPrinter implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.ERROR) {
            System.err.println("duplex: module log: " + status.getMessage()
                    + (status.getThrowable() == null ? "" : ": " + status.getThrowable()));
        }
    }
}

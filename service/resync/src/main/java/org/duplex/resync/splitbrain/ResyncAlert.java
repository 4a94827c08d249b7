package org.duplex.resync.splitbrain;

import java.nio.file.Path;

/** An event the operator must see (console, log, mail hook): level, text, and where to look. */
public record ResyncAlert(Level level, String message, Path where) {
    public enum Level { WARNING, ERROR }

    /** Receives alerts; implementations must not throw (they run inside reintegration). */
    public interface Listener {
        void alert(ResyncAlert alert);
    }
}

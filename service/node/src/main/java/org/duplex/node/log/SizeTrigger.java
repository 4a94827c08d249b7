package org.duplex.node.log;

import ch.qos.logback.core.rolling.TriggeringPolicyBase;
import java.io.File;

/**
 * Rolls when the active file has reached a size, checked on every event. Logback's own
 * SizeBasedTriggeringPolicy checks at most once per time period, which lets a burst overshoot
 * the bound; a stat per log line costs little next to the write itself.
 */
final class SizeTrigger<E> extends TriggeringPolicyBase<E> {
    private final long maxBytes;

    SizeTrigger(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean isTriggeringEvent(File activeFile, E event) {
        return activeFile.length() >= maxBytes;
    }
}

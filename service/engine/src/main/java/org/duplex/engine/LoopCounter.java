package org.duplex.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * SafeKit's {@code maxloop} within {@code loop_interval} (safekit-behaviour.md §2.1, §2.8): automatic
 * restarts, stopstarts and waits are counted; one too many stops the module. An administrator's
 * command (no identity) resets the count.
 */
final class LoopCounter {
    private final int maxLoop;
    private final long intervalMs;
    private final Deque<Long> times = new ArrayDeque<>();

    LoopCounter(int maxLoop, long intervalMs) {
        this.maxLoop = maxLoop;
        this.intervalMs = intervalMs;
    }

    /** Counts one automatic action at {@code nowMs}; true when the limit is now exceeded. */
    boolean countAndCheck(long nowMs) {
        if (intervalMs == 0) {
            return false;
        }
        times.addLast(nowMs);
        while (!times.isEmpty() && times.peekFirst() <= nowMs - intervalMs) {
            times.removeFirst();
        }
        return times.size() > maxLoop;
    }

    void reset() {
        times.clear();
    }

    int count() {
        return times.size();
    }
}

package org.duplex.console.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing: at most {@link #MAX_FAILURES} failed logins per client address within
 * {@link #WINDOW}; further attempts from that address are refused until the oldest failure leaves
 * the window. A successful login does not reset the count (a guesser would otherwise mix in a
 * known account). Memory is bounded to {@link #MAX_ADDRESSES} addresses.
 */
public final class LoginRateLimiter {
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** How long ADDRESS must still wait before trying again; zero when it may try now. */
    public synchronized Duration waitBeforeAttempt(String address) {
        Deque<Instant> recent = recent(address);
        if (recent.size() < MAX_FAILURES) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
    }

    public synchronized void recordFailure(String address) {
        recent(address).addLast(clock.instant());
    }

    private Deque<Instant> recent(String address) {
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        return recent;
    }
}

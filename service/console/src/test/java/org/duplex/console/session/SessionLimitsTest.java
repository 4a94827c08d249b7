package org.duplex.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.duplex.node.control.AccessRole;
import org.junit.jupiter.api.Test;

class SessionLimitsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    @Test
    void sessionsExpireEightHoursAfterLoginAndCarryDistinctRandomTokens() {
        SessionStore store = new SessionStore(clock, new SecureRandom());
        Session s = store.open("alice", AccessRole.CONTROL);
        assertThat(s.id()).isNotEqualTo(s.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(SessionStore.csrfMatches(s, s.csrfToken())).isTrue();
        assertThat(SessionStore.csrfMatches(s, s.id())).isFalse();
        assertThat(SessionStore.csrfMatches(s, null)).isFalse();

        now.set(now.get().plus(Duration.ofHours(8)).minusMillis(1));
        assertThat(store.find(s.id())).isPresent();
        now.set(now.get().plusMillis(1));
        assertThat(store.find(s.id())).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void limiterCountsFailuresPerAddressWithinTheWindow() {
        LoginRateLimiter limiter = new LoginRateLimiter(clock);
        for (int i = 0; i < LoginRateLimiter.MAX_FAILURES - 1; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.waitBeforeAttempt("10.0.0.1")).isZero();
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.waitBeforeAttempt("10.0.0.1")).isEqualTo(LoginRateLimiter.WINDOW);
        assertThat(limiter.waitBeforeAttempt("10.0.0.2")).isZero();

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(limiter.waitBeforeAttempt("10.0.0.1")).isEqualTo(LoginRateLimiter.WINDOW.minusMinutes(2));
        now.set(now.get().plus(Duration.ofMinutes(3)));
        assertThat(limiter.waitBeforeAttempt("10.0.0.1")).isZero();
    }
}

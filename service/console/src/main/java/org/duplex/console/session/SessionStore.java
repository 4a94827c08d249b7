package org.duplex.console.session;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.duplex.node.control.AccessRole;

/**
 * Console sessions, in memory (a daemon restart logs everyone out, which is the safe side). Ids
 * and CSRF tokens are 256-bit random; a session lives {@link #LIFETIME} from login, whatever the
 * activity, as SafeKit's console. Time comes from the injected clock.
 */
public final class SessionStore {
    public static final Duration LIFETIME = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 1000;

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SessionStore(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public Session open(String user, AccessRole role) {
        purgeExpired();
        if (sessions.size() >= MAX_SESSIONS) {
            // Bounded memory: drop the session closest to expiry rather than refuse a login.
            sessions.values().stream().min(java.util.Comparator.comparing(Session::expiresAt))
                    .ifPresent(s -> sessions.remove(s.id()));
        }
        Session s = new Session(randomToken(), user, role, randomToken(), clock.instant().plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, or empty when unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    public static boolean csrfMatches(Session s, String presented) {
        return presented != null && MessageDigest.isEqual(s.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private void purgeExpired() {
        var now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

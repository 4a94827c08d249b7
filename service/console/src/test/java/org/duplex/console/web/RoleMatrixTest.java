package org.duplex.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duplex.node.control.AccessRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API endpoint against every role: a role below the endpoint's is refused (403 REFUSED,
 * "permission denied") and nothing happens; a role at or above it gets past the check. The
 * control token has every right.
 */
class RoleMatrixTest {
    @TempDir static Path dir;
    private static ConsoleFixture console;
    private static final Map<AccessRole, Browserless> sessions = new java.util.EnumMap<>(AccessRole.class);

    /** One endpoint and the lowest role that may use it. */
    record Endpoint(String method, String path, AccessRole needed) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/node", AccessRole.MONITOR),
            new Endpoint("GET", "/api/v1/session", AccessRole.MONITOR),
            new Endpoint("GET", "/api/v1/modules", AccessRole.MONITOR),
            new Endpoint("GET", "/api/v1/modules/pg", AccessRole.MONITOR),
            new Endpoint("GET", "/api/v1/modules/pg/log?n=2", AccessRole.MONITOR),
            new Endpoint("GET", "/api/v1/openapi.json", AccessRole.MONITOR),
            new Endpoint("POST", "/api/v1/modules/pg/commands/restart", AccessRole.CONTROL),
            new Endpoint("POST", "/api/v1/modules/pg/commands/swap", AccessRole.CONTROL),
            new Endpoint("PUT", "/api/v1/modules/newmod", AccessRole.ADMIN),
            new Endpoint("DELETE", "/api/v1/modules/nomod", AccessRole.ADMIN));

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleFixture(dir, new MutableClock(Instant.parse("2026-11-25T12:00:00Z")));
        for (AccessRole role : AccessRole.values()) {
            Browserless b = new Browserless(console.base);
            b.login(role.name().toLowerCase(java.util.Locale.ROOT), ConsoleFixture.PASSWORD);
            sessions.put(role, b);
        }
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void everyEndpointRefusesTheRolesBelowItsOwnAndAdmitsTheOthers() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            for (AccessRole role : AccessRole.values()) {
                int commandsBefore = console.api.commands.size();
                HttpResponse<String> r = sessions.get(role).send(e.method(), e.path(), "not a zip".getBytes());
                boolean refused = r.statusCode() == 403 && r.body().contains("permission denied");
                if (role.covers(e.needed()) == refused) {
                    wrong.add(role + " " + e.method() + " " + e.path() + " -> " + r.statusCode() + " " + r.body());
                }
                if (refused && console.api.commands.size() != commandsBefore) {
                    wrong.add(role + " " + e.method() + " " + e.path() + " was refused but ran a command");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void refusalsAreJsonErrorsNamingTheRoleNeeded() throws Exception {
        HttpResponse<String> r = sessions.get(AccessRole.MONITOR)
                .send("POST", "/api/v1/modules/pg/commands/stop", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).contains("\"error\":\"REFUSED\"", "needs the CONTROL role", "has MONITOR");
    }

    @Test
    void theControlTokenHasEveryRight() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Endpoint e : ENDPOINTS) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(console.base.resolve(e.path()))
                    .header("Authorization", "Bearer " + console.token.value())
                    .method(e.method(), HttpRequest.BodyPublishers.ofString("not a zip")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).as(e.method() + " " + e.path()).doesNotContain("permission denied", "not authenticated");
        }
    }
}

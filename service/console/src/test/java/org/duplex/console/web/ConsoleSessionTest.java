package org.duplex.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.duplex.console.session.LoginRateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login, cookies, CSRF, expiry and rate limiting against a real server on 127.0.0.1. */
class ConsoleSessionTest {
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture(dir, clock);
    }

    @AfterEach
    void stop() {
        console.close();
    }

    @Test
    void loginSetsHttpOnlyStrictSessionCookieForEightHoursAndRedirects() throws Exception {
        var browser = new Browserless(console.base);
        HttpResponse<String> r = browser.login("monitor", ConsoleFixture.PASSWORD);

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        var setCookies = r.headers().allValues("Set-Cookie");
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("duplex_session=")
                .contains("HttpOnly", "SameSite=Strict", "Max-Age=28800", "Path=/"));
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("duplex_csrf=")
                .contains("SameSite=Strict").doesNotContain("HttpOnly"));
        assertThat(browser.get("/api/v1/session").body()).contains("\"user\":\"monitor\"", "\"role\":\"Monitor\"");
    }

    @Test
    void wrongPasswordOrUnknownUserGetsNoSession() throws Exception {
        var browser = new Browserless(console.base);
        assertThat(browser.login("monitor", "wrong password").headers().firstValue("Location"))
                .hasValue("/login?error=invalid");
        assertThat(browser.login("nobody", ConsoleFixture.PASSWORD).headers().firstValue("Location"))
                .hasValue("/login?error=invalid");
        HttpResponse<String> r = browser.get("/api/v1/modules");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"error\":\"REFUSED\"", "not authenticated");
    }

    @Test
    void pagesRedirectToLoginWithoutSession() throws Exception {
        var browser = new Browserless(console.base);
        HttpResponse<String> r = browser.get("/modules/pg");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");

        browser.login("monitor", ConsoleFixture.PASSWORD);
        HttpResponse<String> page = browser.get("/modules/pg");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-page=\"module\"");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void mutatingRequestWithoutMatchingCsrfTokenIsRefused() throws Exception {
        var browser = new Browserless(console.base);
        browser.login("admin", ConsoleFixture.PASSWORD);
        String path = "/api/v1/modules/pg/commands/restart";

        HttpResponse<String> none = browser.send("POST", path, new byte[0], null);
        HttpResponse<String> wrong = browser.send("POST", path, new byte[0], "forged");

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("CSRF check failed");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(console.api.commands).isEmpty();
        assertThat(browser.send("POST", path, new byte[0]).statusCode()).isEqualTo(200);
        assertThat(console.api.commands).containsExactly("restart");
    }

    @Test
    void sessionEndsAfterEightHoursAndAtLogout() throws Exception {
        var browser = new Browserless(console.base);
        browser.login("monitor", ConsoleFixture.PASSWORD);
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(browser.get("/api/v1/modules").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(browser.get("/api/v1/modules").statusCode()).isEqualTo(403);

        var other = new Browserless(console.base);
        other.login("monitor", ConsoleFixture.PASSWORD);
        assertThat(other.send("POST", "/logout", new byte[0]).statusCode()).isEqualTo(200);
        assertThat(other.get("/api/v1/modules").statusCode()).isEqualTo(403);
    }

    @Test
    void loginsAreLimitedPerAddressAfterRepeatedFailures() throws Exception {
        var browser = new Browserless(console.base);
        for (int i = 0; i < LoginRateLimiter.MAX_FAILURES; i++) {
            assertThat(browser.login("admin", "guess" + i).headers().firstValue("Location")).hasValue("/login?error=invalid");
        }
        // Even the right password is refused while the address is limited.
        HttpResponse<String> limited = browser.login("admin", ConsoleFixture.PASSWORD);
        assertThat(limited.headers().firstValue("Location")).hasValue("/login?error=limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(browser.get("/api/v1/modules").statusCode()).isEqualTo(403);

        clock.advance(LoginRateLimiter.WINDOW);
        assertThat(browser.login("admin", ConsoleFixture.PASSWORD).headers().firstValue("Location")).hasValue("/");
    }
}

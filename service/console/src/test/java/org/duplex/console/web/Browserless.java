package org.duplex.console.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** An HTTP client that keeps cookies like a browser, for the console's session tests. */
final class Browserless {
    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;

    Browserless(URI base) {
        this.base = base;
    }

    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        String form = "httpd_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&httpd_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrf() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("duplex_csrf"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A mutating request with the CSRF header, as the console's pages send it. */
    HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
        return send(method, path, body, csrf());
    }

    HttpResponse<String> send(String method, String path, byte[] body, String csrfHeader)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (csrfHeader != null) {
            b.header("X-CSRF-Token", csrfHeader);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.duplex.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplex.common.UserError;

/**
 * The client side of {@link ControlServer}: what the CLI uses to talk to a node's daemon. Every
 * failure becomes a {@link UserError} that says which daemon could not be reached and why.
 */
public final class ControlClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final ControlToken token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public ControlClient(URI base, ControlToken token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public NodeInfo node() {
        JsonNode n = get(ControlServer.API + "/node");
        return new NodeInfo(n.path("name").asText(), n.path("version").asText(),
                java.time.Instant.parse(n.path("startedAt").asText()));
    }

    public List<ModuleStatus> modules() {
        List<ModuleStatus> out = new ArrayList<>();
        get(ControlServer.API + "/modules").forEach(m -> out.add(status(m)));
        return out;
    }

    public ModuleStatus module(String name) {
        return status(get(ControlServer.API + "/modules/" + name));
    }

    public CommandResult command(String module, String verb, List<String> args) {
        var body = json.createObjectNode();
        var array = body.putArray("args");
        args.forEach(array::add);
        JsonNode r = send(HttpRequest.newBuilder(uri(ControlServer.API + "/modules/" + module + "/commands/" + verb))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json"));
        return new CommandResult(r.path("message").asText(), status(r.path("status")));
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token.value()).build();
        HttpResponse<String> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "the daemon at " + base + " is not running (connection refused)");
        } catch (HttpTimeoutException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "the daemon at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "cannot reach the daemon at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(UserError.Kind.FAILED, "interrupted while waiting for the daemon at " + base);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "the daemon at " + base + " sent an unreadable answer (HTTP "
                    + response.statusCode() + ")");
        }
        if (response.statusCode() / 100 != 2) {
            UserError.Kind kind = kindOf(body.path("error").asText());
            throw new UserError(kind, body.path("message").asText("HTTP " + response.statusCode()));
        }
        return body;
    }

    private static UserError.Kind kindOf(String name) {
        try {
            return UserError.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return UserError.Kind.FAILED;
        }
    }

    private static ModuleStatus status(JsonNode s) {
        Map<String, String> resources = new LinkedHashMap<>();
        s.path("resources").properties().forEach(e -> resources.put(e.getKey(), e.getValue().asText()));
        return new ModuleStatus(s.path("module").asText(), s.path("state").asText(), s.path("qualifier").asText(),
                s.path("color").asText(), s.path("detail").asText(), resources);
    }
}

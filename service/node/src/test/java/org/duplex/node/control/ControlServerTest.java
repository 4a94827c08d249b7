package org.duplex.node.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duplex.common.UserError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir Path dir;

    private final List<String> commands = new ArrayList<>();
    private ControlServer server;
    private ControlToken token;
    private URI base;

    /** A node with one module "pg" that is PRIM Ready; it refuses "prim" as SafeKit would. */
    private final ControlApi api = new ControlApi() {
        final ModuleStatus pg = new ModuleStatus("pg", "PRIM", "Ready", "green", "", Map.of("rfs.uptodate", "up"));

        @Override public NodeInfo node() { return new NodeInfo("node1", "test", Instant.parse("2026-01-01T00:00:00Z")); }
        @Override public List<ModuleStatus> modules() { return List.of(pg); }
        @Override public ModuleStatus module(String name) {
            if (!name.equals("pg")) {
                throw new UserError(UserError.Kind.NOT_FOUND, "module '" + name + "' is not installed");
            }
            return pg;
        }
        @Override public CommandResult command(String module, String verb, List<String> args) {
            module(module);
            if (verb.equals("prim")) {
                throw new UserError(UserError.Kind.REFUSED, "already primary");
            }
            commands.add(verb + args);
            return new CommandResult(verb + " accepted", pg);
        }
        @Override public boolean ready(String module) { return module.equals("pg"); }
    };

    @BeforeEach
    void start() throws Exception {
        token = ControlToken.create(dir.resolve("private/control.token"));
        server = ControlServer.start(api, token, "127.0.0.1", 0);
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tokenFileIsReadableByItsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private/control.token"))))
                .isEqualTo("rw-------");
        assertThat(ControlToken.read(dir.resolve("private/control.token")).matches(token.value())).isTrue();
    }

    @Test
    void clientSeesNodeModulesAndRunsCommands() {
        ControlClient client = new ControlClient(base, token);
        assertThat(client.node().name()).isEqualTo("node1");
        assertThat(client.modules()).extracting(ModuleStatus::state).containsExactly("PRIM");
        assertThat(client.module("pg").resources()).containsEntry("rfs.uptodate", "up");

        CommandResult r = client.command("pg", "swap", List.of("nosync"));
        assertThat(r.message()).isEqualTo("swap accepted");
        assertThat(commands).containsExactly("swap[nosync]");
    }

    @Test
    void errorsKeepTheirKindAndMessageAcrossTheWire() {
        ControlClient client = new ControlClient(base, token);
        assertThatThrownBy(() -> client.module("nope"))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.NOT_FOUND))
                .hasMessage("module 'nope' is not installed");
        assertThatThrownBy(() -> client.command("pg", "prim", List.of()))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.REFUSED))
                .hasMessage("already primary");
        assertThat(commands).isEmpty();
    }

    @Test
    void apiRefusesAWrongOrMissingTokenAndRunsNothing() throws Exception {
        ControlToken wrong = ControlToken.create(dir.resolve("other.token"));
        assertThatThrownBy(() -> new ControlClient(base, wrong).command("pg", "stop", List.of()))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.REFUSED));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/api/v1/node")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"error\":\"REFUSED\"").doesNotContain("Exception");
        assertThat(commands).isEmpty();
    }

    @Test
    void malformedCommandBodyIsABadRequest() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/api/v1/modules/pg/commands/stop"))
                        .header("Authorization", "Bearer " + token.value())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"args\": [1, 2]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("array of strings");
        assertThat(commands).isEmpty();
    }

    @Test
    void healthCheckNeedsNoTokenAndAnswersLikeSafeKit() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(base.resolve("/var/modules/pg/ready.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(base.resolve("/var/modules/other/ready.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("OK\n");
        assertThat(notReady.statusCode()).isEqualTo(404);
    }

    @Test
    void unreachableDaemonIsAClearUnavailableError() {
        server.close();
        ControlClient client = new ControlClient(base, token);
        assertThatThrownBy(client::node)
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.UNAVAILABLE))
                .hasMessageContaining(base.toString());
    }
}

package org.duplex.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's API additions over real HTTP, authenticated with the control token. */
class ConsoleApiTest {
    /** The generic mirror module shipped in the repository (a folder the build zips). */
    static final Path MIRROR_MODULE = Path.of("../../modules/mirror.safe");

    @TempDir Path dir;
    private ConsoleFixture console;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture(dir, new MutableClock(Instant.parse("2026-11-25T12:00:00Z")));
    }

    @AfterEach
    void stop() {
        console.close();
    }

    private HttpResponse<String> call(String method, String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(console.base.resolve(path))
                .header("Authorization", "Bearer " + console.token.value())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, new byte[0]);
    }

    @Test
    void logTailFiltersErrorsAndReadsTheApplicationLog() throws Exception {
        JsonNode all = json.readTree(get("/api/v1/modules/pg/log?n=2").body());
        assertThat(all.path("lines")).hasSize(2);
        assertThat(all.path("lines").get(1).asText()).endsWith("Local state PRIM Ready");

        JsonNode errors = json.readTree(get("/api/v1/modules/pg/log?errors=true").body());
        assertThat(errors.path("lines")).hasSize(1);
        assertThat(errors.path("lines").get(0).asText()).contains(" E Resource rfs.uptodate set to down");

        JsonNode app = json.readTree(get("/api/v1/modules/pg/log?app=true").body());
        assertThat(app.path("log").asText()).isEqualTo("application");
        assertThat(app.path("lines").get(0).asText()).contains("ready to accept connections");
    }

    @Test
    void badLogParametersAndUnknownModulesAreClearJsonErrors() throws Exception {
        HttpResponse<String> badN = get("/api/v1/modules/pg/log?n=lots");
        assertThat(badN.statusCode()).isEqualTo(400);
        assertThat(badN.body()).contains("\"error\":\"INVALID_INPUT\"", "n=lots must be a whole number from 1 to 10000");
        HttpResponse<String> tooMany = get("/api/v1/modules/pg/log?n=10001");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = get("/api/v1/modules/nope/log");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"NOT_FOUND\"", "module 'nope' is not installed")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void liveTailStreamsLinesAppendedAfterItOpened() throws Exception {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        HttpRequest request = HttpRequest.newBuilder(console.base.resolve("/api/v1/modules/pg/log/stream"))
                .header("Authorization", "Bearer " + console.token.value())
                .header("Accept", "text/event-stream").GET().build();
        var response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> r = response.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> r.body().forEach(received::add));
        try {
            // The follower starts at the end of the file: a line written now must arrive, old ones not.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                console.appendModuleLog("2026-11-25 12:00:03.000 I streamed line");
                assertThat(received).anySatisfy(l -> assertThat(l).isEqualTo("data: 2026-11-25 12:00:03.000 I streamed line"));
            });
            assertThat(received).noneSatisfy(l -> assertThat(l).contains("Local state PRIM Ready"));
            assertThat(received).contains("event: line");
        } finally {
            r.body().close();
            reader.interrupt();
        }
    }

    @Test
    void streamOfAnUnknownModuleIsRefusedBeforeStreaming() throws Exception {
        HttpResponse<String> r = get("/api/v1/modules/nope/log/stream");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("NOT_FOUND");
    }

    @Test
    void installsAValidSafeArchiveAndUninstallsIt() throws Exception {
        HttpResponse<String> put = call("PUT", "/api/v1/modules/web", zip(MIRROR_MODULE));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"module\":\"web\"", "\"replaced\":false", "next start");
        assertThat(dir.resolve("safe/modules/web/conf/userconfig.xml")).exists();

        HttpResponse<String> delete = call("DELETE", "/api/v1/modules/web", new byte[0]);
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
        assertThat(dir.resolve("safe/modules/web")).doesNotExist();
        assertThat(call("DELETE", "/api/v1/modules/web", new byte[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void badArchivesAndRunningModulesAreRefusedAndChangeNothing() throws Exception {
        HttpResponse<String> garbage = call("PUT", "/api/v1/modules/web", "not a zip".getBytes());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("INVALID_INPUT");
        HttpResponse<String> empty = call("PUT", "/api/v1/modules/web", new byte[0]);
        assertThat(empty.body()).contains("is empty");
        assertThat(dir.resolve("safe/modules/web")).doesNotExist();

        HttpResponse<String> running = call("PUT", "/api/v1/modules/pg", zip(MIRROR_MODULE));
        assertThat(running.statusCode()).isEqualTo(403);
        assertThat(running.body()).contains("cannot replace module 'pg': it is PRIM on this node; stop it first");
        assertThat(call("DELETE", "/api/v1/modules/pg", new byte[0]).body()).contains("cannot uninstall module 'pg'");
    }

    @Test
    void openApiDocumentListsEveryEndpoint() throws Exception {
        JsonNode doc = json.readTree(get("/api/v1/openapi.json").body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> documented = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(m -> documented.add(m.getKey().toUpperCase() + " " + p.getKey())));
        List<String> expected = new ArrayList<>();
        for (RoleMatrixTest.Endpoint e : RoleMatrixTest.ENDPOINTS) {
            expected.add(e.method() + " " + e.path().replaceAll("\\?.*", "").replace("/pg", "/{module}")
                    .replace("/newmod", "/{module}").replace("/nomod", "/{module}")
                    .replaceAll("/commands/\\w+", "/commands/{verb}"));
        }
        expected.addAll(List.of("GET /api/v1/modules/{module}/log/stream", "GET /metrics",
                "GET /var/modules/{module}/ready.txt", "POST /login", "POST /logout"));
        assertThat(documented).containsAll(expected);
    }

    @Test
    void metricsShowStatesReadinessAndObservedStateChanges() throws Exception {
        HttpResponse<String> before = http.send(HttpRequest.newBuilder(console.base.resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(before.body()).contains("duplex_module_state{module=\"pg\",state=\"PRIM\"} 1",
                "duplex_module_state{module=\"pg\",state=\"STOP\"} 0", "duplex_module_ready{module=\"pg\"} 1",
                "duplex_module_state_changes_total{module=\"pg\"} 0", "# TYPE duplex_module_state gauge");

        assertThat(call("POST", "/api/v1/modules/pg/commands/stop", new byte[0]).statusCode()).isEqualTo(200);
        String after = get("/metrics").body();
        assertThat(after).contains("duplex_module_state{module=\"pg\",state=\"STOP\"} 1",
                "duplex_module_ready{module=\"pg\"} 0", "duplex_module_state_changes_total{module=\"pg\"} 1",
                "duplex_console_commands_total{verb=\"stop\"} 1");
    }

    /** Zips a module folder as a .safe archive (conf/ and bin/ at the top). */
    static byte[] zip(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}

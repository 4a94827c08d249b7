package org.duplex.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.node.generation.GenerationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hanwha-style life of a cluster on two real daemons over loopback (127.0.0.1 and 127.0.0.2):
 * both start and wait; the operator runs prim on node1; node2 joins as SECOND; node1 stops, node2
 * takes over ALONE; node1 comes back as SECOND; swap gives node1 the primary role again. Real
 * engine, heartbeats (HMAC over UDP), scripts and control API; the data path reports only.
 */
class TwoDaemonsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;
    private NodeDaemon node1;
    private NodeDaemon node2;
    private final FakeDataPath.Wire wire = new FakeDataPath.Wire();

    @AfterEach
    void stop() throws IOException {
        for (NodeDaemon d : new NodeDaemon[] {node1, node2}) {
            if (d != null) {
                d.close();
            }
        }
        // The module logs tell the story of a failure (engine transitions, scripts).
        for (String node : List.of("node1", "node2")) {
            try (var logs = Files.walk(dir.resolve(node))) {
                for (Path log : logs.filter(f -> f.getFileName().toString().equals("module.log")).toList()) {
                    System.out.println("---- " + node + " " + log + "\n" + Files.readString(log));
                }
            }
        }
    }

    @Test
    void hanwhaScenario() throws Exception {
        int heartPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            heartPort = s.getLocalPort();
        }
        Path archive = moduleArchive(heartPort);
        DuplexPaths p1 = paths("node1");
        DuplexPaths p2 = paths("node2");
        node1 = start(p1, "node1", archive);
        node2 = start(p2, "node2", archive);

        // First start of a new cluster: nobody knows which data are good, both wait.
        node1.service().command("m", "start", List.of());
        node2.service().command("m", "start", List.of());
        awaitState(node1, "WAIT");
        awaitState(node2, "WAIT");

        // The operator starts the node with the good data as primary; the peer joins as SECOND.
        node1.service().command("m", "stop", List.of());
        awaitState(node1, "STOP");
        node1.service().command("m", "prim", List.of());
        awaitState(node1, "ALONE", "PRIM");
        awaitState(node2, "SECOND");
        awaitState(node1, "PRIM");
        assertThat(node1.service().ready("m")).isTrue();
        assertThat(node2.service().ready("m")).isFalse();
        assertThat(trace(p1)).contains("start_prim");
        assertThat(trace(p2)).doesNotContain("start_prim");

        // prim on the secondary while the peer is primary is refused and changes nothing.
        assertThatThrownBy(() -> node2.service().command("m", "prim", List.of()))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.REFUSED));
        assertThat(node2.service().module("m").state()).isEqualTo("SECOND");

        // The primary stops: the secondary takes over alone.
        node1.service().command("m", "stop", List.of());
        awaitState(node2, "ALONE");
        awaitState(node1, "STOP");
        assertThat(trace(p2)).contains("start_prim");

        // The old primary comes back as secondary; then swap gives it the primary role back.
        node1.close();
        node1 = start(p1, "node1", null);
        node1.service().command("m", "start", List.of());
        awaitState(node1, "SECOND");
        awaitState(node2, "PRIM");
        // The secondary learns the peer's PRIM(Ready) from the next heartbeat; until then it refuses.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreException(UserError.class)
                .until(() -> node1.service().command("m", "swap", List.of()) != null);
        awaitState(node1, "PRIM");
        awaitState(node2, "SECOND");
        assertThat(node1.service().ready("m")).isTrue();

        // The application dies on the primary: errd sees proc.tail down and restarts it locally.
        await().atMost(WAIT).until(() -> "up".equals(node1.service().module("m").resources().get("proc.tail")));
        long starts = startPrims(p1);
        ProcessHandle app = ProcessHandle.allProcesses().filter(ph -> ph.info().commandLine()
                .map(c -> c.contains("tail -f " + p1.userVar("m").resolve("trace"))).orElse(false))
                .findFirst().orElseThrow();
        app.destroyForcibly();
        await().atMost(WAIT).until(() -> startPrims(p1) > starts);
        awaitState(node1, "PRIM");
        assertThat(node2.service().module("m").state()).isEqualTo("SECOND");
    }

    private static long startPrims(DuplexPaths p) throws IOException {
        return trace(p).lines().filter(l -> l.startsWith("start_prim")).count();
    }

    private DuplexPaths paths(String node) throws IOException {
        DuplexPaths p = new DuplexPaths(dir.resolve(node + "/safe"), dir.resolve(node + "/var"));
        Files.createDirectories(p.clusterConfig().getParent());
        Files.writeString(p.clusterConfig(), """
                <cluster>
                  <lans>
                    <lan name="default">
                      <node name="node1" addr="127.0.0.1"/>
                      <node name="node2" addr="127.0.0.2"/>
                    </lan>
                  </lans>
                </cluster>
                """);
        Path key = ClusterKey.file(p.safeVar());
        Files.createDirectories(key.getParent());
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        return p;
    }

    private NodeDaemon start(DuplexPaths p, String node, Path archive) throws IOException {
        Map<String, String> env = Map.of("DUPLEX_NODE", node);
        if (archive != null) {
            new ModuleStore(p, Platform.current(), env).install("m", archive, OptionalInt.empty());
        }
        return NodeDaemon.start(new NodeDaemon.Settings(p, env, "127.0.0.1", 0,
                (m, cfg, listener) -> new FakeDataPath(listener, wire),
                module -> GenerationStore.forModuleVar(p.userVar(module)), Optional.empty()), "test");
    }

    private Path moduleArchive(int heartPort) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        String config = """
                <!DOCTYPE safe>
                <safe>
                <service mode="mirror" defaultprim="alone" maxloop="3" loop_interval="24" failover="on">
                  <heart pulse="200ms" timeout="3000ms" port="%d">
                    <heartbeat name="default" ident="default"/>
                  </heart>
                  <rfs async="second"><replicated dir="%s"/></rfs>
                  <user nicestoptimeout="10s" forcestoptimeout="10s"/>
                  <errd polltimer="1s">
                    <proc name="tail" argregex=".*/modules/m/trace" atleast="1" action="restart" class="prim"/>
                  </errd>
                </service>
                </safe>
                """.formatted(heartPort, data);
        String trace = "#!/bin/sh\necho \"$0 $*\" | sed 's#.*/##' >> \"$SAFEUSERVAR/trace\"\n";
        // The "application": a process errd watches, started by start_prim and stopped by stop_prim.
        Map<String, String> scripts = Map.of(
                "start_prim", trace + "tail -f \"$SAFEUSERVAR/trace\" >/dev/null 2>&1 &\n",
                "stop_prim", trace + "pkill -f \"tail -f $SAFEUSERVAR/trace\" || true\n");
        Path zip = dir.resolve("m.safe");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("conf/userconfig.xml"));
            out.write(config.getBytes(StandardCharsets.UTF_8));
            for (var s : scripts.entrySet()) {
                out.putNextEntry(new ZipEntry("bin/" + s.getKey()));
                out.write(s.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }

    private static String trace(DuplexPaths p) throws IOException {
        Path f = p.userVar("m").resolve("trace");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Waits until the module is in one of {@code states}, stable: Ready (or STOP, which is NotReady). */
    private static void awaitState(NodeDaemon d, String... states) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var s = d.service().module("m");
            assertThat(s.state()).isIn((Object[]) states);
            assertThat(s.qualifier()).isEqualTo(s.state().equals("STOP") || s.state().equals("WAIT") ? "NotReady" : "Ready");
        });
    }
}

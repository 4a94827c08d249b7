package org.duplex.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.fs.NativeFs;
import org.duplex.node.daemon.NodeDaemon;
import org.duplex.node.generation.GenerationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real daemons (127.0.0.1, 127.0.0.2) with the real data path: node1 becomes primary with
 * pre-existing files, node2 joins as secondary (resync + replication), a file written on node1
 * reaches node2's disk, node1 stops and node2 goes on alone with every file.
 * Each node replicates its own temp directory (one machine), so each gets its own module archive.
 */
class FailoverWithRealDataPathTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir Path dir;
    private NodeDaemon node1;
    private NodeDaemon node2;
    private final List<Integer> fds = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (NodeDaemon d : new NodeDaemon[] {node1, node2}) {
            if (d != null) {
                d.close();
            }
        }
        fds.forEach(NativeFs::close);
        for (String node : List.of("node1", "node2")) {
            try (var logs = Files.walk(dir.resolve(node))) {
                for (Path log : logs.filter(f -> f.getFileName().toString().equals("module.log")).toList()) {
                    System.out.println("---- " + node + " " + log + "\n" + Files.readString(log));
                }
            }
        }
    }

    @Test
    void filesWrittenOnThePrimaryAreOnTheNewPrimaryAfterFailover() throws Exception {
        int heartPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            heartPort = s.getLocalPort();
        }
        Path data1 = Files.createDirectories(dir.resolve("data1"));
        Path data2 = Files.createDirectories(dir.resolve("data2"));
        Files.writeString(data1.resolve("before.txt"), "on node1 before the cluster started");
        Path under2 = underneath(data2);
        DuplexPaths p1 = paths("node1");
        DuplexPaths p2 = paths("node2");
        node1 = start(p1, "node1", moduleArchive("a1", heartPort, data1));
        node2 = start(p2, "node2", moduleArchive("a2", heartPort, data2));

        node1.service().command("m", "prim", List.of());
        node2.service().command("m", "start", List.of());
        awaitState(node1, "PRIM");
        awaitState(node2, "SECOND");
        await().atMost(WAIT).until(() -> Files.exists(under2.resolve("before.txt")));
        assertThat(Files.readString(under2.resolve("before.txt"))).isEqualTo("on node1 before the cluster started");

        Files.writeString(data1.resolve("after.txt"), "written on the primary");
        await().atMost(WAIT).until(() -> Files.exists(under2.resolve("after.txt"))
                && Files.readString(under2.resolve("after.txt")).equals("written on the primary"));

        node1.service().command("m", "stop", List.of());
        awaitState(node2, "ALONE");
        assertThat(Files.readString(data2.resolve("before.txt"))).isEqualTo("on node1 before the cluster started");
        assertThat(Files.readString(data2.resolve("after.txt"))).isEqualTo("written on the primary");
        Files.writeString(data2.resolve("alone.txt"), "the new primary writes");
        assertThat(Files.readString(under2.resolve("alone.txt"))).isEqualTo("the new primary writes");
    }

    private Path underneath(Path d) {
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, d.toString(), NativeFs.O_PATH | NativeFs.O_DIRECTORY
                | NativeFs.O_CLOEXEC, 0);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        fds.add(fd);
        return Path.of(NativeFs.procPath(fd));
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
        Path key = org.duplex.node.daemon.ClusterKey.file(p.safeVar());
        Files.createDirectories(key.getParent());
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        return p;
    }

    private NodeDaemon start(DuplexPaths p, String node, Path archive) throws IOException {
        Map<String, String> env = Map.of("DUPLEX_NODE", node);
        new ModuleStore(p, Platform.current(), env).install("m", archive, OptionalInt.empty());
        return NodeDaemon.start(new NodeDaemon.Settings(p, env, "127.0.0.1", 0,
                ReplicatedDataPathFactory.forThisNode(p, env),
                module -> GenerationStore.forModuleVar(p.userVar(module)), Optional.empty()), "test");
    }

    private Path moduleArchive(String name, int heartPort, Path data) throws IOException {
        String config = """
                <!DOCTYPE safe>
                <safe>
                <service mode="mirror" defaultprim="alone" maxloop="3" loop_interval="24" failover="on">
                  <heart pulse="200ms" timeout="3000ms" port="%d">
                    <heartbeat name="default" ident="default"/>
                  </heart>
                  <rfs async="second"><replicated dir="%s"/></rfs>
                </service>
                </safe>
                """.formatted(heartPort, data);
        Path zip = dir.resolve(name + ".safe");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("conf/userconfig.xml"));
            out.write(config.getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }

    private static void awaitState(NodeDaemon d, String... states) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(d.service().module("m").state()).isIn((Object[]) states));
    }
}

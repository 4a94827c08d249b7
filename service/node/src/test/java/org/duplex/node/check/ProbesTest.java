package org.duplex.node.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.duplex.node.vip.NetworkNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void tcpIsUpWhileSomethingListensAndDownAfter() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            Probe.ProbeResult up = new TcpProbe("127.0.0.1", port).probe(TIMEOUT);
            assertThat(up.value()).isEqualTo(ResourceValue.UP);
        }
        Probe.ProbeResult down = new TcpProbe("127.0.0.1", port).probe(TIMEOUT);
        assertThat(down.value()).isEqualTo(ResourceValue.DOWN);
        assertThat(down.detail()).contains("127.0.0.1:" + port);
    }

    @Test
    void pingLoopbackIsUp() {
        assertThat(new PingProbe("127.0.0.1").probe(TIMEOUT).value()).isEqualTo(ResourceValue.UP);
    }

    @Test
    void pingWithoutRouteIsDown() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for network namespaces");
        try (NetworkNamespace isolated = NetworkNamespace.create("ping")) {
            Probe.ProbeResult result = new PingProbe("10.202.0.9", isolated.prefix()).probe(TIMEOUT);
            assertThat(result.value()).isEqualTo(ResourceValue.DOWN);
            assertThat(result.detail()).contains("10.202.0.9");
        }
    }

    @Test
    void loopbackInterfaceIsUp() {
        Probe.ProbeResult result = new InterfaceProbe("lo").probe(TIMEOUT);
        assertThat(result.value()).as(result.detail()).isEqualTo(ResourceValue.UP);
    }

    @Test
    void interfaceStatesFromSysfs(@TempDir Path sys) throws IOException {
        fakeInterface(sys, "eth0", "up", "1");
        fakeInterface(sys, "eth1", "down", "0");
        fakeInterface(sys, "tun0", "unknown", "1");
        fakeInterface(sys, "tun1", "unknown", "0");

        assertThat(new InterfaceProbe("eth0", sys).probe(TIMEOUT).value()).isEqualTo(ResourceValue.UP);
        assertThat(new InterfaceProbe("eth1", sys).probe(TIMEOUT).value()).isEqualTo(ResourceValue.DOWN);
        assertThat(new InterfaceProbe("tun0", sys).probe(TIMEOUT).value()).isEqualTo(ResourceValue.UP);
        assertThat(new InterfaceProbe("tun1", sys).probe(TIMEOUT).value()).isEqualTo(ResourceValue.DOWN);
        Probe.ProbeResult missing = new InterfaceProbe("eth9", sys).probe(TIMEOUT);
        assertThat(missing.value()).isEqualTo(ResourceValue.DOWN);
        assertThat(missing.detail()).contains("eth9 does not exist");
    }

    @Test
    void customValueComesFromTheSourceAndIsInitUntilSet() {
        Map<String, ResourceValue> set = new java.util.concurrent.ConcurrentHashMap<>();
        CustomProbe probe = new CustomProbe("custom.app", resource -> Optional.ofNullable(set.get(resource)));

        assertThat(probe.probe(TIMEOUT).value()).isEqualTo(ResourceValue.INIT);
        set.put("custom.app", ResourceValue.DOWN);
        assertThat(probe.probe(TIMEOUT).value()).isEqualTo(ResourceValue.DOWN);
    }

    private static void fakeInterface(Path sys, String name, String operstate, String carrier) throws IOException {
        Path dir = Files.createDirectories(sys.resolve(name));
        Files.writeString(dir.resolve("operstate"), operstate + "\n");
        Files.writeString(dir.resolve("carrier"), carrier + "\n");
    }
}

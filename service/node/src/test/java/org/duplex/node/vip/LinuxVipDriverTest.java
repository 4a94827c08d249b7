package org.duplex.node.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.duplex.common.UserError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real driver inside two namespaces this test creates: {@code node} (where the VIP goes) and
 * {@code client}, joined by a veth pair on 10.201.0.0/24. Nothing runs in the host namespace.
 */
class LinuxVipDriverTest {
    private static final String VIP = "10.201.0.100";
    private NetworkNamespace node;
    private NetworkNamespace client;
    private LinuxVipDriver driver;
    private VirtualIp vip;

    @BeforeEach
    void network() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for network namespaces");
        node = NetworkNamespace.create("node");
        client = NetworkNamespace.create("client");
        NetworkNamespace.link(node, "dx0", "10.201.0.1/24", client, "dx1", "10.201.0.2/24");
        driver = new LinuxVipDriver(new CommandRunner(node.prefix()), 1, 1);
        vip = new VirtualIp(InetAddress.getByName(VIP), 24, "dx0", Optional.of("dx0:vip"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (node != null) {
            node.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private boolean clientReachesVip() throws Exception {
        return client.tryExec("ping", "-n", "-q", "-c", "1", "-W", "1", VIP).exitCode() == 0;
    }

    @Test
    void setMakesTheVipReachableAndUnsetRemovesIt() throws Exception {
        assertThat(driver.isSet(vip)).isFalse();

        driver.set(vip);

        assertThat(driver.isSet(vip)).isTrue();
        assertThat(node.exec("ip", "-o", "-4", "addr", "show", "dev", "dx0")).contains(VIP + "/24").contains("dx0:vip");
        await().atMost(Duration.ofSeconds(15)).until(this::clientReachesVip);

        driver.unset(vip);

        assertThat(driver.isSet(vip)).isFalse();
        assertThat(node.exec("ip", "-o", "-4", "addr", "show", "dev", "dx0")).doesNotContain(VIP);
        client.exec("ip", "neigh", "flush", "dev", "dx1");
        assertThat(clientReachesVip()).isFalse();
    }

    @Test
    void setAndUnsetAreIdempotent() throws Exception {
        driver.set(vip);
        driver.set(vip);

        assertThat(node.exec("ip", "-o", "-4", "addr", "show", "dev", "dx0").lines()
                .filter(l -> l.contains(VIP)).count()).isEqualTo(1);

        driver.unset(vip);
        driver.unset(vip);
        assertThat(driver.isSet(vip)).isFalse();
    }

    @Test
    void addressAnsweredByAnotherHostIsRefused() throws Exception {
        client.exec("ip", "addr", "add", VIP + "/24", "dev", "dx1");
        String clientMac = client.exec("cat", "/sys/class/net/dx1/address").strip();

        assertThatThrownBy(() -> driver.set(vip))
                .isInstanceOf(VipException.class)
                .hasMessageContaining(VIP)
                .hasMessageContaining("already in use")
                .hasMessageContaining("dx0")
                .satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains(clientMac.toLowerCase()));
        assertThat(driver.isSet(vip)).isFalse();
    }

    @Test
    void gratuitousArpUpdatesTheNeighboursCache() throws Exception {
        // Accept unsolicited ARP so the announcement itself creates the client's entry.
        client.exec("sysctl", "-q", "-w", "net.ipv4.conf.dx1.arp_accept=1");
        String nodeMac = node.exec("cat", "/sys/class/net/dx0/address").strip();

        driver.set(vip);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(client.exec("ip", "neigh", "show", VIP, "dev", "dx1").toLowerCase()).contains(nodeMac));
        client.exec("ip", "neigh", "flush", "dev", "dx1");
        driver.announce(vip);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(client.exec("ip", "neigh", "show", VIP, "dev", "dx1").toLowerCase()).contains(nodeMac));
    }

    @Test
    void missingInterfaceIsAClearError() throws Exception {
        VirtualIp elsewhere = new VirtualIp(InetAddress.getByName(VIP), 24, "nosuch0", Optional.empty());

        assertThatThrownBy(() -> driver.set(elsewhere))
                .isInstanceOf(VipException.class).hasMessageContaining("nosuch0").hasMessageContaining(VIP);
    }

    @Test
    void invalidDefinitionsAreRejectedWithTheAddress() {
        assertThatThrownBy(() -> new VirtualIp(InetAddress.getByName("10.0.0.1"), 33, "eth0", Optional.empty()))
                .isInstanceOf(UserError.class).hasMessageContaining("10.0.0.1").hasMessageContaining("33");
        assertThatThrownBy(() -> new VirtualIp(InetAddress.getByName("10.0.0.1"), 24, "eth0", Optional.of("eth1:x")))
                .isInstanceOf(UserError.class).hasMessageContaining("must start with 'eth0:'");
        assertThatThrownBy(() -> new VirtualIp(InetAddress.getByName("::1"), 64, "eth0", Optional.empty()))
                .isInstanceOf(UserError.class).hasMessageContaining("only IPv4");
    }
}

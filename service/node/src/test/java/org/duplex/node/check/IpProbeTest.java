package org.duplex.node.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.duplex.node.vip.CommandRunner;
import org.duplex.node.vip.LinuxVipDriver;
import org.duplex.node.vip.NetworkNamespace;
import org.duplex.node.vip.VirtualIp;
import org.junit.jupiter.api.Test;

class IpProbeTest {
    @Test
    void downWhenTheVirtualAddressIsRemovedBehindOurBack() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for network namespaces");
        try (NetworkNamespace node = NetworkNamespace.create("ipchk");
                NetworkNamespace peer = NetworkNamespace.create("ipchkpeer")) {
            NetworkNamespace.link(node, "dx0", "10.203.0.1/24", peer, "dx1", "10.203.0.2/24");
            LinuxVipDriver driver = new LinuxVipDriver(new CommandRunner(node.prefix()), 1, 1);
            VirtualIp vip = new VirtualIp(InetAddress.getByName("10.203.0.50"), 24, "dx0", Optional.empty());
            IpProbe probe = new IpProbe(driver, vip);
            driver.set(vip);

            assertThat(probe.probe(Duration.ofSeconds(1)).value()).isEqualTo(ResourceValue.UP);
            node.exec("ip", "addr", "del", "10.203.0.50/24", "dev", "dx0");
            Probe.ProbeResult down = probe.probe(Duration.ofSeconds(1));

            assertThat(down.value()).isEqualTo(ResourceValue.DOWN);
            assertThat(down.detail()).contains("10.203.0.50");
        }
    }
}

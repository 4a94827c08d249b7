package org.duplex.windows.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.ptr.IntByReference;

import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;
import org.junit.jupiter.api.Test;

class VirtualIpTest {
    private static final WindowsPath WINDIR = WindowsPath.parse("C:\\Windows", "t");

    private static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    private static NicInfo nic(int index, String name, String addr, int prefix) throws Exception {
        return new NicInfo(index, name, List.of(new NicInfo.Prefix(ip(addr), prefix)));
    }

    private List<NicInfo> twoNics() throws Exception {
        return List.of(nic(12, "Ethernet 2", "192.168.10.11", 24), nic(7, "Heartbeat", "10.1.0.11", 16));
    }

    @Test
    void choosesTheAdapterWhoseSubnetHoldsTheVip() throws Exception {
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("10.1.200.5"), null, twoNics());
        assertThat(plan.nic().friendlyName()).isEqualTo("Heartbeat");
        assertThat(plan.prefix()).isEqualTo(16);
        assertThat(plan.dottedMask()).isEqualTo("255.255.0.0");
        assertThat(VirtualAddressPlan.choose(ip("192.168.10.50"), "ethernet 2", twoNics()).dottedMask())
                .isEqualTo("255.255.255.0");
    }

    @Test
    void explainsWhyNoAdapterFitsAndListsTheAdapters() throws Exception {
        assertThatThrownBy(() -> VirtualAddressPlan.choose(ip("172.16.0.5"), null, twoNics()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("172.16.0.5").hasMessageContaining("no adapter")
                .hasMessageContaining("'Ethernet 2' [192.168.10.11/24]");
        assertThatThrownBy(() -> VirtualAddressPlan.choose(ip("10.1.200.5"), "Ethernet 2", twoNics()))
                .hasMessageContaining("on adapter 'Ethernet 2'");
        assertThatThrownBy(() -> VirtualAddressPlan.choose(ip("192.168.10.11"), null, twoNics()))
                .hasMessageContaining("fixed address of adapter 'Ethernet 2'");
        List<NicInfo> teamed = List.of(nic(1, "A", "10.0.0.1", 24), nic(2, "B", "10.0.0.2", 24));
        assertThatThrownBy(() -> VirtualAddressPlan.choose(ip("10.0.0.9"), null, teamed))
                .hasMessageContaining("several adapters match");
    }

    @Test
    void netshAddsANonPersistentAddressThatIsNeverUsedAsSource() throws Exception {
        List<List<String>> ran = new ArrayList<>();
        NetshVirtualIp netsh = new NetshVirtualIp(argv -> {
            ran.add(argv);
            return new CommandRunner.Result(0, "Ok.");
        }, WINDIR);
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        netsh.add(plan);
        netsh.remove(plan);
        assertThat(ran).containsExactly(
                List.of("C:\\Windows\\System32\\netsh.exe", "interface", "ipv4", "add", "address", "name=Ethernet 2",
                        "address=192.168.10.50", "mask=255.255.255.0", "store=active", "skipassource=true"),
                List.of("C:\\Windows\\System32\\netsh.exe", "interface", "ipv4", "delete", "address", "name=Ethernet 2",
                        "address=192.168.10.50", "store=active"));
    }

    @Test
    void netshIsIdempotentButReportsRealFailuresWithTheirOutput() throws Exception {
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        new NetshVirtualIp(argv -> new CommandRunner.Result(1, "The object already exists.\r\n"), WINDIR).add(plan);
        new NetshVirtualIp(argv -> new CommandRunner.Result(1, "Element not found.\r\n"), WINDIR).remove(plan);
        assertThatThrownBy(() -> new NetshVirtualIp(argv -> new CommandRunner.Result(1,
                "The requested operation requires elevation (Run as administrator)."), WINDIR).add(plan))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("192.168.10.50").hasMessageContaining("exit code 1").hasMessageContaining("elevation");
    }

    /** Records AddIPAddress/DeleteIPAddress calls like iphlpapi.dll would receive them. */
    private static final class FakeIpHlp implements IpHelperVirtualIp.Api {
        final List<String> calls = new ArrayList<>();
        int addResult = IpHelperVirtualIp.NO_ERROR;
        int deleteResult = IpHelperVirtualIp.NO_ERROR;

        @Override
        public int AddIPAddress(int address, int mask, int ifIndex, IntByReference nte, IntByReference inst) {
            calls.add(String.format("add %08x %08x if=%d", address, mask, ifIndex));
            nte.setValue(42);
            return addResult;
        }

        @Override
        public int DeleteIPAddress(int nte) {
            calls.add("delete nte=" + nte);
            return deleteResult;
        }
    }

    @Test
    void ipHelperPassesNetworkOrderAndTheInterfaceIndexAndDeletesByContext() throws Exception {
        FakeIpHlp api = new FakeIpHlp();
        List<String> fallback = new ArrayList<>();
        IpHelperVirtualIp vip = new IpHelperVirtualIp(api, recording(fallback));
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        vip.add(plan);
        vip.remove(plan);
        // 192.168.10.50 in memory order c0 a8 0a 32 read as a little-endian DWORD; mask ff ff ff 00 likewise.
        assertThat(api.calls).containsExactly("add 320aa8c0 00ffffff if=12", "delete nte=42");
        assertThat(fallback).isEmpty();
    }

    @Test
    void ipHelperFallsBackToNetshToRemoveAnAddressItDidNotAdd() throws Exception {
        FakeIpHlp api = new FakeIpHlp();
        List<String> fallback = new ArrayList<>();
        IpHelperVirtualIp vip = new IpHelperVirtualIp(api, recording(fallback));
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        vip.remove(plan);
        assertThat(api.calls).isEmpty();
        assertThat(fallback).containsExactly("remove 192.168.10.50");

        api.addResult = IpHelperVirtualIp.ERROR_OBJECT_ALREADY_EXISTS;
        vip.add(plan); // idempotent
        api.addResult = 5; // ERROR_ACCESS_DENIED
        assertThatThrownBy(() -> vip.add(plan)).hasMessageContaining("Win32 error 5").hasMessageContaining("interface index 12");
    }

    private static WindowsVirtualIp recording(List<String> log) {
        return new WindowsVirtualIp() {
            @Override
            public void add(VirtualAddressPlan p) {
                log.add("add " + p.vip().getHostAddress());
            }

            @Override
            public void remove(VirtualAddressPlan p) {
                log.add("remove " + p.vip().getHostAddress());
            }
        };
    }
}

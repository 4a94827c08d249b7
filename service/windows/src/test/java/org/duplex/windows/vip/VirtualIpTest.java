package org.duplex.windows.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Pointer;

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

    /** Records the rows iphlpapi.dll would receive; Initialize fills the lifetimes like Windows does. */
    private static final class FakeIpHlp implements IpHelperVirtualIp.Api {
        final List<String> calls = new ArrayList<>();
        final List<byte[]> rows = new ArrayList<>();
        int createResult = IpHelperVirtualIp.NO_ERROR;
        int deleteResult = IpHelperVirtualIp.NO_ERROR;

        @Override
        public void InitializeUnicastIpAddressEntry(Pointer row) {
            row.setInt(52, -1); // ValidLifetime = infinite
            row.setInt(56, -1); // PreferredLifetime = infinite
            row.setInt(0, 0xdeadbeef); // garbage in the address union that fill() must clear
        }

        @Override
        public int CreateUnicastIpAddressEntry(Pointer row) {
            calls.add("create");
            rows.add(row.getByteArray(0, UnicastAddressRow.SIZE));
            return createResult;
        }

        @Override
        public int DeleteUnicastIpAddressEntry(Pointer row) {
            calls.add("delete");
            rows.add(row.getByteArray(0, UnicastAddressRow.SIZE));
            return deleteResult;
        }
    }

    @Test
    void ipHelperRowCarriesAddressIndexPrefixAndSkipAsSourceAtTheDocumentedOffsets() throws Exception {
        FakeIpHlp api = new FakeIpHlp();
        IpHelperVirtualIp vip = new IpHelperVirtualIp(api);
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        vip.add(plan);
        vip.remove(plan); // by value: works for an address an earlier daemon run added
        assertThat(api.calls).containsExactly("create", "delete");
        for (byte[] row : api.rows) {
            ByteBuffer b = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getShort(0)).isEqualTo((short) 2);                        // AF_INET
            assertThat(b.getShort(2)).isZero();                                     // port
            assertThat(new byte[] {row[4], row[5], row[6], row[7]}).containsExactly(192, 168, 10, 50);
            assertThat(b.getLong(32)).isZero();                                     // LUID unset: use the index
            assertThat(b.getInt(40)).isEqualTo(12);                                 // InterfaceIndex of "Ethernet 2"
            assertThat(row[60]).isEqualTo((byte) 24);                               // OnLinkPrefixLength
            assertThat(row[61]).isEqualTo((byte) 1);                                // SkipAsSource
            assertThat(b.getInt(52)).isEqualTo(-1);                                 // Initialize's defaults kept
        }
    }

    @Test
    void ipHelperIsIdempotentAndReportsRealFailures() throws Exception {
        FakeIpHlp api = new FakeIpHlp();
        IpHelperVirtualIp vip = new IpHelperVirtualIp(api);
        VirtualAddressPlan plan = VirtualAddressPlan.choose(ip("192.168.10.50"), null, twoNics());
        api.createResult = IpHelperVirtualIp.ERROR_OBJECT_ALREADY_EXISTS;
        vip.add(plan);
        api.deleteResult = IpHelperVirtualIp.ERROR_NOT_FOUND;
        vip.remove(plan);
        api.createResult = 5; // ERROR_ACCESS_DENIED
        assertThatThrownBy(() -> vip.add(plan)).isInstanceOf(UserError.class)
                .hasMessageContaining("CreateUnicastIpAddressEntry").hasMessageContaining("Win32 error 5")
                .hasMessageContaining("interface index 12");
    }

    @Test
    void isSetReadsTheRealInterfaceTable() throws Exception {
        NetworkInterface lo = NetworkInterface.networkInterfaces()
                .filter(n -> n.inetAddresses().anyMatch(a -> a.getHostAddress().equals("127.0.0.1")))
                .findFirst().orElseThrow();
        NicInfo loopback = new NicInfo(lo.getIndex(), lo.getName(), List.of(new NicInfo.Prefix(ip("127.0.0.1"), 8)));
        WindowsVirtualIp any = recording(new ArrayList<>());
        assertThat(any.isSet(new VirtualAddressPlan(loopback, ip("127.0.0.1"), 8))).isTrue();
        assertThat(any.isSet(new VirtualAddressPlan(loopback, ip("127.0.0.77"), 8))).isFalse();
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

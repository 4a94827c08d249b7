package org.duplex.node.module;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.duplex.node.vip.CommandRunner;
import org.duplex.node.vip.VipException;

/** Finds the local interface (and its prefix length) whose IPv4 subnet contains an address, from {@code ip -o -4 addr}. */
final class LocalInterfaces {
    record Match(String name, int prefixLength) {}

    private LocalInterfaces() {}

    static Optional<Match> find(CommandRunner commands, InetAddress target, Optional<String> wantedName)
            throws IOException, VipException {
        CommandRunner.Result r = commands.run(List.of("ip", "-o", "-4", "addr", "show"), Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new IOException("'ip -o -4 addr show' failed: " + r.output().strip());
        }
        for (String line : r.output().split("\n")) {
            // "2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0\..."
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[2].equals("inet")) {
                continue;
            }
            String name = f[1].replace(":", "");
            if (name.contains("@")) {
                name = name.substring(0, name.indexOf('@'));
            }
            if (wantedName.isPresent() && !wantedName.get().equals(name)) {
                continue;
            }
            String[] cidr = f[3].split("/");
            int prefix = Integer.parseInt(cidr[1]);
            if (sameSubnet(InetAddress.getByName(cidr[0]), target, prefix) && !cidr[0].equals(target.getHostAddress())) {
                return Optional.of(new Match(name, prefix));
            }
        }
        return Optional.empty();
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 255.255.255.0} or {@code 24} to a prefix length. */
    static int prefixOf(String netmask) {
        if (netmask.matches("\\d{1,2}")) {
            return Integer.parseInt(netmask);
        }
        try {
            int bits = 0;
            for (byte b : InetAddress.getByName(netmask).getAddress()) {
                bits += Integer.bitCount(b & 0xff);
            }
            return bits;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("netmask '" + netmask + "' is not an address or a prefix length");
        }
    }

    /** Linux labels must start with the interface name and fit IFNAMSIZ (15 chars). */
    static String aliasLabel(String interfaceName) {
        String label = interfaceName + ":dx";
        return label.length() <= 15 ? label : interfaceName.substring(0, 12) + ":dx";
    }
}

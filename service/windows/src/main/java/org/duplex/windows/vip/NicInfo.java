package org.duplex.windows.vip;

import java.net.Inet4Address;
import java.util.List;

/**
 * One network adapter as Windows names it: the interface index the IP Helper API wants, the
 * friendly name {@code netsh} wants ("Ethernet 2"), and its IPv4 addresses with prefix lengths.
 */
public record NicInfo(int index, String friendlyName, List<Prefix> addresses) {

    public NicInfo {
        addresses = List.copyOf(addresses);
    }

    /** An address with its prefix length, e.g. 10.0.0.11/24. */
    public record Prefix(Inet4Address address, int length) {
        /** True when {@code other} lies in this address's subnet. */
        public boolean contains(Inet4Address other) {
            int mask = length == 0 ? 0 : -1 << (32 - length);
            return (toInt(address) & mask) == (toInt(other) & mask);
        }
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}

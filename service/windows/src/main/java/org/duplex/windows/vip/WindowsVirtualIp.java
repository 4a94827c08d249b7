package org.duplex.windows.vip;

import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Adds and removes a virtual IP on this Windows node. Two implementations: {@link IpHelperVirtualIp}
 * (the IP Helper API through JNA, preferred) and {@link NetshVirtualIp} (the {@code netsh} command,
 * fallback when the API cannot be loaded or is refused, e.g. by a security product hooking iphlpapi).
 * Both add the address with SkipAsSource, so the node's own connections never leave from the VIP.
 *
 * <p>Gratuitous ARP: Windows itself announces an IPv4 address it adds, with an ARP request whose
 * sender and target are the new address (its duplicate address detection), which is the gratuitous
 * ARP that makes switches and clients move the VIP to this node's MAC. That is why neither
 * implementation sends ARP itself; docs/WINDOWS.md says how to see it with Wireshark on the VM.
 */
public interface WindowsVirtualIp {

    /** Puts the VIP on its adapter; an address already there is not an error (idempotent). */
    void add(VirtualAddressPlan plan);

    /** Removes the VIP; an address already gone is not an error. */
    void remove(VirtualAddressPlan plan);

    /**
     * True when the VIP is on its adapter now. Java's {@link NetworkInterface} reads the same
     * table on both OSes (interface index = the IP Helper's index), so this needs no JNA.
     */
    default boolean isSet(VirtualAddressPlan plan) {
        try {
            NetworkInterface nic = NetworkInterface.getByIndex(plan.nic().index());
            return nic != null && nic.inetAddresses().anyMatch(plan.vip()::equals);
        } catch (SocketException e) {
            return false;
        }
    }
}

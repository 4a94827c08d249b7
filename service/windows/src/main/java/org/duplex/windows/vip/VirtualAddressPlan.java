package org.duplex.windows.vip;

import java.net.Inet4Address;
import java.util.List;

import org.duplex.common.UserError;

/**
 * Where a virtual IP goes on this node: SafeKit's {@code one_side_alias} puts it on the adapter whose
 * own address is in the VIP's subnet, with that address's prefix. Pure, so the choice (the part
 * that goes wrong on servers with several NICs) is tested on Linux.
 *
 * @param nic    adapter chosen
 * @param vip    the virtual address
 * @param prefix prefix length, copied from the adapter's address in the same subnet
 */
public record VirtualAddressPlan(NicInfo nic, Inet4Address vip, int prefix) {

    /**
     * Chooses the adapter for {@code vip}.
     *
     * @param nicHint adapter friendly name from the config ({@code <real_interface>}), or null
     * @throws UserError when no adapter or more than one matches, naming the VIP and the candidates
     */
    public static VirtualAddressPlan choose(Inet4Address vip, String nicHint, List<NicInfo> nics) {
        List<NicInfo> candidates = nics.stream()
                .filter(n -> nicHint == null || n.friendlyName().equalsIgnoreCase(nicHint))
                .filter(n -> n.addresses().stream().anyMatch(p -> p.contains(vip)))
                .toList();
        for (NicInfo n : nics) {
            if (n.addresses().stream().anyMatch(p -> p.address().equals(vip))) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "virtual IP " + vip.getHostAddress()
                        + " is a fixed address of adapter '" + n.friendlyName() + "': a VIP must be an unused address");
            }
        }
        if (candidates.size() != 1) {
            String known = nics.stream().map(n -> "'" + n.friendlyName() + "' " + n.addresses().stream()
                    .map(p -> p.address().getHostAddress() + "/" + p.length()).toList()).toList().toString();
            String why = candidates.isEmpty() ? "no adapter has an address in its subnet" : "several adapters match";
            throw new UserError(UserError.Kind.INVALID_INPUT, "virtual IP " + vip.getHostAddress()
                    + (nicHint == null ? "" : " on adapter '" + nicHint + "'") + ": " + why + " (adapters: " + known + ")");
        }
        NicInfo nic = candidates.get(0);
        int prefix = nic.addresses().stream().filter(p -> p.contains(vip)).findFirst().orElseThrow().length();
        return new VirtualAddressPlan(nic, vip, prefix);
    }

    /** Dotted subnet mask for the prefix, as AddIPAddress and netsh want it. */
    public String dottedMask() {
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return ((mask >> 24) & 0xff) + "." + ((mask >> 16) & 0xff) + "." + ((mask >> 8) & 0xff) + "." + (mask & 0xff);
    }
}

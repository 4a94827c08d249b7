package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code <vip>} (safekit-behaviour.md §2.3): virtual addresses held by the primary. */
public record VipConfig(boolean tcpReset, List<VipInterface> interfaces) {
    public VipConfig {
        interfaces = List.copyOf(interfaces);
    }

    /** Every virtual address of every interface. */
    public List<VirtualAddress> addresses() {
        return interfaces.stream().flatMap(i -> i.addresses().stream()).toList();
    }

    /**
     * {@code <interface>}.
     *
     * @param check  interface checker: interface down means WAIT
     * @param name   Linux interface name, empty to pick the one on the VIP's network
     */
    public record VipInterface(boolean check, boolean arpReroute, Duration arpInterval, Duration arpElapse,
                               Optional<String> name, List<VirtualAddress> addresses) {
        public VipInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * {@code <virtual_addr>}.
     *
     * @param address  an IP literal or a host name (resolved by the VIP driver, never here)
     * @param check    IP checker: VIP deleted or in conflict means stopstart
     */
    public record VirtualAddress(String address, Where where, boolean check, boolean connections,
                                 Optional<String> netmask) {}

    /** {@code where=}: as an alias, or as the interface's primary (source) address. */
    public enum Where { ONE_SIDE_ALIAS, ONE_SIDE }
}

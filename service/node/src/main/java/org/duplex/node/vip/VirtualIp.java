package org.duplex.node.vip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import org.duplex.common.UserError;

/**
 * A {@code <virtual_addr where="one_side_alias">} on one interface (safekit-behaviour.md §2.3):
 * an extra IPv4 address held only by the PRIM/ALONE node.
 *
 * @param prefixLength the netmask as a prefix length (e.g. 24)
 * @param interfaceName the real interface carrying it ({@code <interface name>} or the one on
 *     the VIP's subnet, resolved by the owner)
 * @param label optional Linux address label ({@code eth0:vip}); must start with
 *     {@code interfaceName + ":"} and be at most 15 characters
 */
public record VirtualIp(InetAddress address, int prefixLength, String interfaceName, Optional<String> label) {
    public VirtualIp {
        if (!(address instanceof Inet4Address)) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "virtual address " + address.getHostAddress() + ": only IPv4 virtual addresses are supported");
        }
        if (prefixLength < 1 || prefixLength > 32) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "virtual address " + address.getHostAddress() + ": prefix length " + prefixLength
                            + " is not between 1 and 32");
        }
        if (interfaceName.isBlank()) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "virtual address " + address.getHostAddress() + ": no interface given");
        }
        label.ifPresent(l -> {
            if (!l.startsWith(interfaceName + ":") || l.length() > 15) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "virtual address " + address.getHostAddress()
                        + ": label '" + l + "' must start with '" + interfaceName + ":' and have at most 15 characters");
            }
        });
    }

    /** {@code 192.168.1.222/24}, as {@code ip addr} wants it. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return cidr() + " on " + interfaceName;
    }
}

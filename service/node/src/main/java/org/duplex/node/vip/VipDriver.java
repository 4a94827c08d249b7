package org.duplex.node.vip;

/**
 * Puts a virtual IP on this node or takes it off. Implementations are idempotent: setting an address
 * already set, or unsetting one not set, succeeds without changing anything. Linux:
 * {@link LinuxVipDriver}; Windows gets its own implementation.
 */
public interface VipDriver {
    /** Adds the address unless present, after checking no other host answers for it; then announces it. */
    void set(VirtualIp vip) throws VipException;

    /** Removes the address if present. */
    void unset(VirtualIp vip) throws VipException;

    /** True when this node holds the address on that interface. */
    boolean isSet(VirtualIp vip) throws VipException;

    /** Re-announces the address (gratuitous ARP) so neighbours update their caches. */
    void announce(VirtualIp vip) throws VipException;
}

package org.duplex.windows.vip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.duplex.common.Check;

/**
 * The bytes of a {@code MIB_UNICASTIPADDRESS_ROW} (netioapi.h, x64: 80 bytes) for one IPv4 virtual
 * address, as {@code CreateUnicastIpAddressEntry} and {@code DeleteUnicastIpAddressEntry} take it.
 * Pure, so the layout is tested on Linux; the offsets follow the documented struct:
 *
 * <pre>
 *  0 SOCKADDR_INET Address   (sin_family u16 = AF_INET, sin_port u16, sin_addr 4 bytes, zero padding to 28)
 * 32 NET_LUID InterfaceLuid  (0: InterfaceIndex is used)
 * 40 NET_IFINDEX InterfaceIndex
 * 44 PrefixOrigin, 48 SuffixOrigin, 52 ValidLifetime, 56 PreferredLifetime (from InitializeUnicastIpAddressEntry)
 * 60 UINT8 OnLinkPrefixLength, 61 BOOLEAN SkipAsSource
 * 64 DadState, 68 ScopeId, 72 CreationTimeStamp
 * </pre>
 *
 * <p>{@code SkipAsSource} is set: Windows must never pick the VIP as the source address of the
 * node's own connections (heartbeats and replication leave from the fixed address, or they would
 * break when the VIP moves). Callers first let {@code InitializeUnicastIpAddressEntry} fill the
 * defaults (infinite lifetimes, DAD enabled, which is what announces the address by ARP), then
 * {@link #fill} overwrites the address fields.
 */
public final class UnicastAddressRow {
    public static final int SIZE = 80;
    static final int AF_INET = 2;
    static final int OFFSET_FAMILY = 0;
    static final int OFFSET_ADDR = 4;
    static final int OFFSET_LUID = 32;
    static final int OFFSET_IF_INDEX = 40;
    static final int OFFSET_PREFIX_LENGTH = 60;
    static final int OFFSET_SKIP_AS_SOURCE = 61;

    private UnicastAddressRow() {}

    /** Writes the VIP's address, interface, prefix length and SkipAsSource into {@code row}. */
    public static void fill(byte[] row, VirtualAddressPlan plan) {
        Check.argument(row.length == SIZE, "MIB_UNICASTIPADDRESS_ROW is %s bytes, got %s", SIZE, row.length);
        ByteBuffer b = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = OFFSET_FAMILY; i < OFFSET_LUID; i++) {
            b.put(i, (byte) 0); // the whole SOCKADDR_INET union and its padding
        }
        b.putShort(OFFSET_FAMILY, (short) AF_INET);
        b.put(OFFSET_ADDR, plan.vip().getAddress()); // sin_addr is in network order, as getAddress() returns it
        b.putLong(OFFSET_LUID, 0L);
        b.putInt(OFFSET_IF_INDEX, plan.nic().index());
        b.put(OFFSET_PREFIX_LENGTH, (byte) plan.prefix());
        b.put(OFFSET_SKIP_AS_SOURCE, (byte) 1);
    }
}

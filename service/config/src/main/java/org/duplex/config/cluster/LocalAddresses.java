package org.duplex.config.cluster;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;

/** Driver for {@link LocalNodeResolver}: the addresses configured on this machine's interfaces. */
public final class LocalAddresses {
    private LocalAddresses() {}

    /** True when {@code address} (an IP literal; host names are resolved) is on a local interface. */
    public static boolean isLocal(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return all().contains(a);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<InetAddress> all() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .collect(Collectors.toSet());
        } catch (SocketException e) {
            return Set.of();
        }
    }
}

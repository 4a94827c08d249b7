package org.duplex.node.module;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duplex.config.module.VipConfig;
import org.duplex.node.vip.CommandRunner;
import org.duplex.node.vip.VipDriver;
import org.duplex.node.vip.VipException;
import org.duplex.node.vip.VirtualIp;

/**
 * Sets and removes every virtual address of a module. The interface carrying an address is the
 * configured one ({@code <interface name>}) or the local interface whose subnet contains it,
 * resolved when the VIP is set (interfaces may come up after the daemon).
 */
final class VipDriverPort implements ActionExecutor.VipPort {
    private final VipConfig config;
    private final VipDriver driver;
    private final CommandRunner commands;

    VipDriverPort(VipConfig config, VipDriver driver, CommandRunner commands) {
        this.config = config;
        this.driver = driver;
        this.commands = commands;
    }

    @Override
    public void set(boolean on) throws IOException {
        List<String> failures = new ArrayList<>();
        for (VipConfig.VipInterface itf : config.interfaces()) {
            for (VipConfig.VirtualAddress va : itf.addresses()) {
                try {
                    VirtualIp vip = resolve(itf, va);
                    if (on) {
                        driver.set(vip);
                    } else {
                        driver.unset(vip);
                    }
                } catch (VipException | IOException e) {
                    failures.add(va.address() + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(String.join("; ", failures));
        }
    }

    private VirtualIp resolve(VipConfig.VipInterface itf, VipConfig.VirtualAddress va) throws IOException, VipException {
        InetAddress address = InetAddress.getByName(va.address());
        LocalInterfaces.Match match = LocalInterfaces.find(commands, address, itf.name())
                .orElseThrow(() -> new IOException("no local interface "
                        + itf.name().map(n -> "named " + n + " ").orElse("") + "is on the subnet of " + va.address()
                        + " (set <interface name=...> or configure an address on that subnet)"));
        int prefix = va.netmask().map(LocalInterfaces::prefixOf).orElse(match.prefixLength());
        Optional<String> label = va.where() == VipConfig.Where.ONE_SIDE_ALIAS
                ? Optional.of(LocalInterfaces.aliasLabel(match.name())) : Optional.empty();
        return new VirtualIp(address, prefix, match.name(), label);
    }
}

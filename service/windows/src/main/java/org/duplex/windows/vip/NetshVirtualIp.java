package org.duplex.windows.vip;

import java.util.List;

import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;

/**
 * {@link WindowsVirtualIp} through {@code netsh interface ipv4}. {@code skipassource=true} keeps
 * Windows from choosing the VIP as the source address of the node's own outgoing connections
 * (heartbeats and replication must leave from the fixed address, or they would move with the VIP).
 * {@code store=active} makes the address vanish at reboot, as a VIP must.
 */
public final class NetshVirtualIp implements WindowsVirtualIp {
    private final CommandRunner runner;
    private final String netsh;

    public NetshVirtualIp(CommandRunner runner, WindowsPath systemRoot) {
        this.runner = runner;
        this.netsh = systemRoot.resolve("System32\\netsh.exe").toString();
    }

    List<String> addCommand(VirtualAddressPlan plan) {
        return List.of(netsh, "interface", "ipv4", "add", "address",
                "name=" + plan.nic().friendlyName(), "address=" + plan.vip().getHostAddress(),
                "mask=" + plan.dottedMask(), "store=active", "skipassource=true");
    }

    List<String> removeCommand(VirtualAddressPlan plan) {
        return List.of(netsh, "interface", "ipv4", "delete", "address",
                "name=" + plan.nic().friendlyName(), "address=" + plan.vip().getHostAddress(), "store=active");
    }

    @Override
    public void add(VirtualAddressPlan plan) {
        CommandRunner.Result r = runner.run(addCommand(plan));
        // netsh prints "The object already exists." for an address that is already there.
        if (r.exitCode() != 0 && !r.output().toLowerCase().contains("already exists")) {
            throw failed("add", plan, r);
        }
    }

    @Override
    public void remove(VirtualAddressPlan plan) {
        CommandRunner.Result r = runner.run(removeCommand(plan));
        String out = r.output().toLowerCase();
        if (r.exitCode() != 0 && !out.contains("not found") && !out.contains("cannot find")) {
            throw failed("remove", plan, r);
        }
    }

    private static UserError failed(String op, VirtualAddressPlan plan, CommandRunner.Result r) {
        return new UserError(UserError.Kind.FAILED, "virtual IP " + plan.vip().getHostAddress() + " on '"
                + plan.nic().friendlyName() + "': netsh " + op + " failed with exit code " + r.exitCode()
                + ": " + r.output().strip());
    }
}

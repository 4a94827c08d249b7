package org.duplex.node.vip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duplex.common.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux virtual IP with iproute2 and iputils-arping:
 *
 * <ol>
 *   <li>already on the interface: nothing to do (idempotent);
 *   <li>duplicate address detection, {@code arping -D}: if another host answers for the address,
 *       refuse with an error naming it (taking it would break that host and our clients);
 *   <li>{@code ip addr add ADDR/PREFIX dev IF [label IF:x]};
 *   <li>gratuitous ARP, {@code arping -U -c N -I IF ADDR}, so switches and clients learn the new
 *       MAC at once instead of after their ARP cache expires.
 * </ol>
 *
 * Periodic re-announcement ({@code arpreroute}, every 60 s for 1200 s) is the owner's timer
 * calling {@link #announce}.
 */
public final class LinuxVipDriver implements VipDriver {
    private static final Logger log = LoggerFactory.getLogger(LinuxVipDriver.class);
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern REPLY_FROM = Pattern.compile("reply from (\\S+) \\[([0-9A-Fa-f:]+)\\]");

    private final CommandRunner commands;
    private final int announceCount;
    private final int duplicateProbes;

    /**
     * @param announceCount gratuitous ARPs per announcement (one per second)
     * @param duplicateProbes ARP probes of the duplicate address detection (one per second)
     */
    public LinuxVipDriver(CommandRunner commands, int announceCount, int duplicateProbes) {
        Check.argument(announceCount >= 1, "announceCount must be >= 1: %d", announceCount);
        Check.argument(duplicateProbes >= 1, "duplicateProbes must be >= 1: %d", duplicateProbes);
        this.commands = commands;
        this.announceCount = announceCount;
        this.duplicateProbes = duplicateProbes;
    }

    @Override
    public void set(VirtualIp vip) throws VipException {
        if (isSet(vip)) {
            log.info("vip: {} already set", vip);
            return;
        }
        refuseIfAnsweredElsewhere(vip);
        List<String> add = new ArrayList<>(List.of("ip", "addr", "add", vip.cidr(), "dev", vip.interfaceName()));
        vip.label().ifPresent(label -> add.addAll(List.of("label", label)));
        CommandRunner.Result result = commands.run(add, IP_TIMEOUT);
        if (!result.ok()) {
            throw new VipException("cannot add virtual address " + vip + ": " + result.output());
        }
        log.info("vip: {} set", vip);
        announce(vip);
    }

    @Override
    public void unset(VirtualIp vip) throws VipException {
        if (!isSet(vip)) {
            log.info("vip: {} already absent", vip);
            return;
        }
        CommandRunner.Result result = commands.run(
                List.of("ip", "addr", "del", vip.cidr(), "dev", vip.interfaceName()), IP_TIMEOUT);
        if (!result.ok()) {
            throw new VipException("cannot remove virtual address " + vip + ": " + result.output());
        }
        log.info("vip: {} unset", vip);
    }

    @Override
    public boolean isSet(VirtualIp vip) throws VipException {
        CommandRunner.Result result = commands.run(
                List.of("ip", "-o", "-4", "addr", "show", "dev", vip.interfaceName()), IP_TIMEOUT);
        if (!result.ok()) {
            throw new VipException("interface " + vip.interfaceName() + " of virtual address "
                    + vip.address().getHostAddress() + " is not usable: " + result.output());
        }
        String needle = " inet " + vip.address().getHostAddress() + "/";
        return result.output().lines().anyMatch(line -> line.contains(needle));
    }

    @Override
    public void announce(VirtualIp vip) throws VipException {
        CommandRunner.Result result = commands.run(List.of("arping", "-U", "-c", Integer.toString(announceCount),
                "-I", vip.interfaceName(), vip.address().getHostAddress()), Duration.ofSeconds(announceCount + 10L));
        if (!result.ok()) {
            throw new VipException("gratuitous ARP for " + vip + " failed: " + result.output());
        }
    }

    private void refuseIfAnsweredElsewhere(VirtualIp vip) throws VipException {
        String address = vip.address().getHostAddress();
        CommandRunner.Result result = commands.run(List.of("arping", "-D", "-c", Integer.toString(duplicateProbes),
                "-w", Integer.toString(duplicateProbes + 1), "-I", vip.interfaceName(), address),
                Duration.ofSeconds(duplicateProbes + 10L));
        switch (result.exitCode()) {
            case 0 -> { }
            case 1 -> {
                Matcher reply = REPLY_FROM.matcher(result.output());
                String who = reply.find() ? " (MAC " + reply.group(2) + ")" : "";
                throw new VipException("virtual address " + address + " is already in use on the network of "
                        + vip.interfaceName() + ": another host" + who + " answers ARP for it; refusing to take it");
            }
            default -> throw new VipException("duplicate address check for " + vip + " failed: " + result.output());
        }
    }
}

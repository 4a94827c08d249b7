package org.duplex.node.check;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code <ping><to addr/>} and the split-brain witness: one ICMP echo with the system's
 * {@code ping -c 1 -W <seconds> <addr>} (raw sockets need privileges a JVM does not have).
 *
 * @param commandPrefix run ping through this (empty normally; {@code ip netns exec NS} in tests)
 */
public record PingProbe(String address, List<String> commandPrefix) implements Probe {
    public PingProbe {
        commandPrefix = List.copyOf(commandPrefix);
    }

    public PingProbe(String address) {
        this(address, List.of());
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of("ping", "-n", "-q", "-c", "1", "-W", Long.toString(seconds), address));
        try {
            Process ping = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!ping.waitFor(seconds + 2, TimeUnit.SECONDS)) {
                ping.destroyForcibly();
                return ProbeResult.down("ping " + address + " hung");
            }
            return ping.exitValue() == 0
                    ? ProbeResult.up(address + " answers ping")
                    : ProbeResult.down(address + " does not answer ping (exit " + ping.exitValue() + ")");
        } catch (IOException e) {
            return ProbeResult.down("cannot run ping: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.down("interrupted while pinging " + address);
        }
    }
}

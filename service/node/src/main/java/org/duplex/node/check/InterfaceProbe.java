package org.duplex.node.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code <intf>} (Linux): the link state of a network interface from
 * {@code /sys/class/net/IF/operstate} and {@code carrier}. {@code up} is up; {@code unknown} (what
 * loopback and some virtual drivers report) counts as up when carrier is 1; anything else is down.
 *
 * @param sysClassNet normally {@code /sys/class/net}; tests may give a fake tree
 */
public record InterfaceProbe(String interfaceName, Path sysClassNet) implements Probe {
    public InterfaceProbe(String interfaceName) {
        this(interfaceName, Path.of("/sys/class/net"));
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        Path dir = sysClassNet.resolve(interfaceName);
        if (!Files.isDirectory(dir)) {
            return ProbeResult.down("interface " + interfaceName + " does not exist");
        }
        String operstate = read(dir.resolve("operstate"));
        String carrier = read(dir.resolve("carrier"));
        boolean up = operstate.equals("up") || (operstate.equals("unknown") && carrier.equals("1"));
        String detail = "interface " + interfaceName + " operstate " + operstate + " carrier " + carrier;
        return up ? ProbeResult.up(detail) : ProbeResult.down(detail);
    }

    /** The file's first line, or "?" when unreadable (carrier cannot be read while the link is down). */
    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}

package org.duplex.tests.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What of a cluster is still on the host, seen from the root namespaces: what tests assert is
 *  empty after {@code down}. Independent of cluster.sh's own check, so it can catch it lying. */
public final class HostLeftovers {

    private HostLeftovers() {
    }

    public static List<String> of(String clusterName) {
        List<String> found = new ArrayList<>();
        String prefix = "dx-" + clusterName + "-";
        for (String ns : Commands.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10)).orThrow()
                .stdout().lines().map(l -> l.split(" ")[0]).toList()) {
            if (ns.startsWith(prefix)) {
                found.add("network namespace " + ns);
            }
        }
        Path state = Path.of("/run/duplex-test", clusterName);
        Path work = Path.of("/var/tmp/duplex-test", clusterName);
        for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
            String target = line.split(" ")[4];
            if (target.startsWith(state.toString()) || target.startsWith(work + "/") || target.equals(work.toString())) {
                found.add("mount " + target);
            }
        }
        for (Path dir : List.of(state, work, Path.of("/run/duplex-test", "." + clusterName + ".lock"))) {
            if (Files.exists(dir)) {
                found.add("file " + dir);
            }
        }
        // Our bridges and veths are made inside namespaces; none may ever show up in the root one.
        for (String link : Commands.run(List.of("ip", "-o", "link", "show"), Duration.ofSeconds(10)).orThrow()
                .stdout().lines().map(l -> l.split(":")[1].strip().split("@")[0]).toList()) {
            if (link.matches("br-lan[12]|(node[12]|client|witness)-lan[12]|lan[12]")) {
                found.add("interface " + link + " in the root namespace");
            }
        }
        return found;
    }

    /** Processes still alive among {@code pids}. */
    public static List<Long> alive(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    }

    private static List<String> readLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.toList();
        } catch (IOException e) {
            throw new HarnessException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.duplex.tests.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether this machine can run the two-node harness: root, /dev/fuse, working {@code ip netns},
 *  nsenter/unshare. Tests are skipped (not failed) with the reason when it cannot. */
public final class HarnessPrerequisites {

    /** What was found on the machine; separate from the decision so the decision is testable. */
    public record Facts(long uid, boolean devFuseUsable, boolean ipNetnsWorks, List<String> missingTools) {
    }

    private HarnessPrerequisites() {
    }

    /** Empty when the harness can run, else every reason it cannot, in one sentence each. */
    public static Optional<String> reasonToSkip(Facts facts) {
        List<String> reasons = new ArrayList<>();
        if (facts.uid() != 0) {
            reasons.add("the two-node harness needs root (it creates network and mount namespaces, bridges and"
                    + " mounts); running as uid " + facts.uid());
        }
        if (!facts.devFuseUsable()) {
            reasons.add("/dev/fuse is missing or not readable and writable (FUSE mounts are part of every node)");
        }
        if (!facts.ipNetnsWorks()) {
            reasons.add("'ip netns list' does not work (iproute2 missing or network namespaces unavailable)");
        }
        if (!facts.missingTools().isEmpty()) {
            reasons.add("missing commands: " + String.join(", ", facts.missingTools()));
        }
        return reasons.isEmpty() ? Optional.empty()
                : Optional.of("two-node harness unavailable: " + String.join("; ", reasons));
    }

    /** Looks at this machine. */
    public static Facts probe() {
        long uid = uid();
        Path fuse = Path.of("/dev/fuse");
        boolean fuseUsable = Files.exists(fuse) && Files.isReadable(fuse) && Files.isWritable(fuse);
        boolean netns = runs(List.of("ip", "netns", "list"));
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("nsenter", "unshare", "flock", "ping", "arping", "bash")) {
            if (!runs(List.of("sh", "-c", "command -v " + tool))) {
                missing.add(tool);
            }
        }
        return new Facts(uid, fuseUsable, netns, missing);
    }

    public static Optional<String> reasonToSkip() {
        return reasonToSkip(probe());
    }

    private static long uid() {
        ExecResult id = Commands.run(List.of("id", "-u"), Duration.ofSeconds(10));
        return id.ok() ? Long.parseLong(id.stdout().strip()) : -1;
    }

    private static boolean runs(List<String> command) {
        try {
            return Commands.run(command, Duration.ofSeconds(10)).ok();
        } catch (HarnessException e) {
            return false;
        }
    }
}

package org.duplex.node.script;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a script together with everything it started.
 *
 * <p>Two nets, because each misses something: {@link ProcessHandle#descendants()} finds children
 * still attached to the tree (on every OS) but not orphans whose parent already exited; on Linux the
 * script runs in its own session ({@code setsid}), so a signal to its process group also reaches
 * orphans that stayed in the group. Daemons that called {@code setsid} themselves escape both, on
 * purpose: that is how {@code start_prim} leaves the application running.
 */
public final class ProcessTrees {
    private static final Logger log = LoggerFactory.getLogger(ProcessTrees.class);

    private ProcessTrees() {}

    /** Kills {@code root} and its descendants with SIGKILL (or TerminateProcess). */
    public static void kill(ProcessHandle root, Platform platform, Duration waitForExit) {
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        if (platform == Platform.LINUX) {
            killProcessGroup(root.pid());
        }
        try {
            root.onExit().get(waitForExit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("kill: script process {} did not exit within {} after SIGKILL", root.pid(), waitForExit);
        }
    }

    /** Sends SIGKILL to the process group {@code pgid} (the script ran as its session leader). */
    private static void killProcessGroup(long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
            // Exit code 1 just means the group was already empty.
        } catch (IOException e) {
            log.warn("kill: cannot signal process group {}: {}", pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.duplex.node.errd;

import java.util.List;

/**
 * One running process as errd sees it.
 *
 * @param name the kernel's short name ({@code /proc/PID/comm}, at most 15 characters on Linux)
 * @param argv the full command line, program first (empty for kernel threads and zombies)
 */
public record ProcessInfo(long pid, String name, List<String> argv) {
    public ProcessInfo {
        argv = List.copyOf(argv);
    }

    /** The command line as one string, arguments separated by spaces (what argregex is matched on). */
    public String commandLine() {
        return String.join(" ", argv);
    }
}

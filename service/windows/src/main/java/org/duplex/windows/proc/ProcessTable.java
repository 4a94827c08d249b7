package org.duplex.windows.proc;

import java.util.List;

/** The processes of this machine, and how to end one. Real: {@link ProcessHandleTable}; tests: a list. */
public interface ProcessTable {

    List<ProcessInfo> list();

    /**
     * Ends a process. On Windows both ways end in TerminateProcess (there is no SIGTERM for a
     * console-less service process); {@code force=false} first asks the process tree politely
     * through {@link ProcessHandle#destroy()}, which Java maps to the same call, so the flag
     * matters only on Linux.
     *
     * @return false when the process was already gone
     */
    boolean kill(long pid, boolean force);
}

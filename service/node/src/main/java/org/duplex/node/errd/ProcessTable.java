package org.duplex.node.errd;

import java.util.List;

/** The processes running now. {@link LinuxProcessTable} reads /proc; tests may use a list. */
@FunctionalInterface
public interface ProcessTable {
    List<ProcessInfo> snapshot();
}

package org.duplex.fs.filter;

/** What a mounted filter lets applications do; switchable at run time ({@link FilterMount#setMode}). */
public enum FilterMode {
    /** Every mutating operation goes to the {@link MutationHandler} (the primary). */
    READ_WRITE,
    /**
     * Every mutating operation fails with EROFS before reaching the handler, and so does opening a
     * file for writing (as on a read-only mount); files opened for writing before the switch get
     * EROFS on their next write. Reads are served as usual. For the secondary: only its applier
     * writes, underneath the mount.
     */
    READ_ONLY
}

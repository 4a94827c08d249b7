package org.duplex.fs.filter;

/** What a mounted filter lets applications do; switchable at run time ({@link FilterMount#setMode}). */
public enum FilterMode {
    /** Every mutating operation goes to the {@link MutationHandler} (the primary). */
    READ_WRITE,
    /**
     * Every mutating operation fails with EROFS before reaching the handler (the secondary: only
     * its applier writes, underneath the mount). Reads are served as usual.
     */
    READ_ONLY
}

package org.duplex.replication.mutation;

/** The renameat2(2) flags a replicated rename can carry (RENAME_WHITEOUT is not supported). */
public enum RenameMode {
    /** Plain rename: replaces the target if it exists. */
    REPLACE(0),
    /** RENAME_NOREPLACE: fails with EEXIST if the target exists. */
    NOREPLACE(1),
    /** RENAME_EXCHANGE: atomically swaps the two entries, both must exist. */
    EXCHANGE(2);

    /** The value of the Linux flag, which is also the wire encoding. */
    public final int linuxFlag;

    RenameMode(int linuxFlag) {
        this.linuxFlag = linuxFlag;
    }

    /** Decodes the Linux flag value; throws for combinations we do not replicate. */
    public static RenameMode fromLinuxFlag(int flag) {
        for (RenameMode mode : values()) {
            if (mode.linuxFlag == flag) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unsupported rename flags 0x" + Integer.toHexString(flag));
    }
}

package org.duplex.resync.verify;

import java.util.List;

/**
 * One way the target differs from the source.
 *
 * @param blockOffsets for {@link Kind#CONTENT}: offsets of the differing compare blocks
 */
public record Difference(String path, Kind kind, String detail, List<Long> blockOffsets) {
    public enum Kind {
        /** The source has it, the target does not. */
        MISSING_ON_TARGET,
        /** The target has it, the source does not. */
        EXTRA_ON_TARGET,
        /** Same name, different type (file, directory, symlink). */
        TYPE,
        /** Regular file bytes differ (size and/or blocks). */
        CONTENT,
        /** Mode, owner, mtime, symlink target or xattrs differ. */
        ATTRIBUTES
    }
}

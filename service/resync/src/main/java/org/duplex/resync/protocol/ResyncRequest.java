package org.duplex.resync.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.duplex.resync.activity.HotExtent;

/**
 * What the source asks of the target during reintegration, verify or a split-brain compare. The
 * source drives; the target answers each request with one {@link ResyncReply}. Paths are relative
 * to the replicated root. Read-only requests: {@link ListDir}, {@link Stat}, {@link CompareFile}, {@link CompareRange}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ResyncRequest.Begin.class, name = "begin"),
        @JsonSubTypes.Type(value = ResyncRequest.ListDir.class, name = "ls"),
        @JsonSubTypes.Type(value = ResyncRequest.Stat.class, name = "stat"),
        @JsonSubTypes.Type(value = ResyncRequest.CompareFile.class, name = "cmp"),
        @JsonSubTypes.Type(value = ResyncRequest.CompareRange.class, name = "cmpr"),
        @JsonSubTypes.Type(value = ResyncRequest.WriteData.class, name = "w"),
        @JsonSubTypes.Type(value = ResyncRequest.PutEntry.class, name = "put"),
        @JsonSubTypes.Type(value = ResyncRequest.Delete.class, name = "rm"),
        @JsonSubTypes.Type(value = ResyncRequest.Rename.class, name = "mv"),
        @JsonSubTypes.Type(value = ResyncRequest.End.class, name = "end")
})
public sealed interface ResyncRequest {

    /** Kinds of reintegration run. */
    enum Kind { INCREMENTAL, FULL }

    /**
     * Opens run {@code runId}: the target durably marks itself "resync in progress" before replying,
     * and reports whether it already was for this same run (then the source may resume).
     */
    record Begin(String runId, Kind kind) implements ResyncRequest {}

    /** Lists a directory's entries ("" = root). */
    record ListDir(String path) implements ResyncRequest {}

    /** One entry's attributes (no symlink following). */
    record Stat(String path) implements ResyncRequest {}

    /**
     * Compares a regular file: the target hashes its copy in blocks of {@code blockBytes} from
     * {@code fromBlock}; when {@code fromBlock == 0} and its size and whole-file hash equal the
     * source's, it answers "same" without block hashes.
     */
    record CompareFile(String path, int blockBytes, int fromBlock, long size, long wholeHash)
            implements ResyncRequest {}

    /**
     * Refines a differing range: the target hashes its bytes in {@code [offset, offset + length)}
     * in sub-blocks of {@code blockBytes} (4 KiB), so only the sub-blocks that differ travel.
     */
    record CompareRange(String path, long offset, int length, int blockBytes) implements ResyncRequest {}

    /** Writes bytes into a regular file, creating it when missing. */
    record WriteData(String path, long offset, byte[] data) implements ResyncRequest {}

    /**
     * Makes the entry match {@code meta}: replaces an entry of another type, creates directories and
     * symlinks, sets a regular file's size, then mode, owner, xattrs and (files) mtime.
     */
    record PutEntry(EntryMeta meta) implements ResyncRequest {}

    /** Removes an entry, recursively for a directory; absent is fine. */
    record Delete(String path) implements ResyncRequest {}

    /** Replays a rename done on the source while apart; skipped when {@code from} is absent. */
    record Rename(String from, String to) implements ResyncRequest {}

    /** Closes run {@code runId}: the target is an exact copy; it clears the flag and its crash-hot extents. */
    record End(String runId, java.util.List<HotExtent> coveredHotExtents) implements ResyncRequest {}
}

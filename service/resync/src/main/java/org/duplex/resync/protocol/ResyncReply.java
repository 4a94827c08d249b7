package org.duplex.resync.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.duplex.resync.activity.HotExtent;

/** The target's answer to one {@link ResyncRequest}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ResyncReply.Begun.class, name = "begun"),
        @JsonSubTypes.Type(value = ResyncReply.Listing.class, name = "listing"),
        @JsonSubTypes.Type(value = ResyncReply.Entry.class, name = "entry"),
        @JsonSubTypes.Type(value = ResyncReply.BlockHashes.class, name = "hashes"),
        @JsonSubTypes.Type(value = ResyncReply.Renamed.class, name = "renamed"),
        @JsonSubTypes.Type(value = ResyncReply.Done.class, name = "done"),
        @JsonSubTypes.Type(value = ResyncReply.Failed.class, name = "failed")
})
public sealed interface ResyncReply {

    /**
     * {@code resumable}: the target was already marked for this run. {@code pendingKind}: the kind of
     * the unfinished run it was marked for before (null when none): an unfinished FULL run must be
     * finished by a FULL run. {@code crashHotExtents}: regions the target may have written without
     * the source getting them (hot in its activity log at its last crash): the source resends them.
     */
    record Begun(boolean resumable, ResyncRequest.Kind pendingKind, List<HotExtent> crashHotExtents)
            implements ResyncReply {}

    record Listing(List<EntryMeta> entries) implements ResyncReply {}

    /** {@code meta} is null when the entry does not exist. */
    record Entry(EntryMeta meta) implements ResyncReply {}

    /**
     * {@code same}: whole file identical (no hashes sent). Otherwise the target's size (-1 when it
     * has no regular file there) and its block hashes from the requested block on.
     */
    record BlockHashes(boolean same, long size, long[] hashes) implements ResyncReply {}

    record Renamed(boolean applied) implements ResyncReply {}

    record Done() implements ResyncReply {}

    /** The target refused or failed the request; {@code message} says what and where. */
    record Failed(String message) implements ResyncReply {}
}

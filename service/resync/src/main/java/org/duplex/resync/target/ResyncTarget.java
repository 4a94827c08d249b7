package org.duplex.resync.target;

import java.io.IOException;
import java.util.List;
import org.duplex.common.UserError;
import org.duplex.resync.activity.ActivityLog;
import org.duplex.resync.activity.HotExtent;
import org.duplex.resync.hash.BlockHasher;
import org.duplex.resync.hash.FileDigest;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.tree.LocalTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target side of reintegration: answers each {@link ResyncRequest} against its own tree. It
 * marks itself "resync in progress" durably on {@code Begin} before any change and clears the mark on
 * {@code End}; it never throws at the caller: failures become {@link ResyncReply.Failed} with a
 * message naming the path.
 *
 * <p>Thread-safe: workers' requests touch different files; the flag is synchronized.
 */
public final class ResyncTarget {
    private static final Logger log = LoggerFactory.getLogger(ResyncTarget.class);
    private final LocalTree tree;
    private final ResyncInProgressFlag flag;
    private final ActivityLog activity;

    /** {@code activity} is this node's own activity log (its crash-hot extents), or null. */
    public ResyncTarget(LocalTree tree, ResyncInProgressFlag flag, ActivityLog activity) {
        this.tree = tree;
        this.flag = flag;
        this.activity = activity;
    }

    public ResyncReply handle(ResyncRequest request) {
        try {
            return switch (request) {
                case ResyncRequest.Begin b -> begin(b);
                case ResyncRequest.ListDir l -> new ResyncReply.Listing(tree.list(l.path()));
                case ResyncRequest.Stat s -> new ResyncReply.Entry(tree.stat(s.path()));
                case ResyncRequest.CompareFile c -> compare(c);
                case ResyncRequest.CompareRange c -> new ResyncReply.BlockHashes(false, -1,
                        BlockHasher.hashSubBlocks(tree.readOrEmpty(c.path(), c.offset(), c.length()), c.blockBytes()));
                case ResyncRequest.WriteData w -> {
                    requireFlag("write to '" + w.path() + "'");
                    tree.write(w.path(), w.offset(), w.data());
                    yield new ResyncReply.Done();
                }
                case ResyncRequest.PutEntry p -> {
                    requireFlag("set '" + p.meta().path() + "'");
                    tree.put(p.meta());
                    yield new ResyncReply.Done();
                }
                case ResyncRequest.Delete d -> {
                    requireFlag("delete '" + d.path() + "'");
                    tree.delete(d.path());
                    yield new ResyncReply.Done();
                }
                case ResyncRequest.Rename r -> {
                    requireFlag("rename '" + r.from() + "'");
                    yield new ResyncReply.Renamed(tree.rename(r.from(), r.to()));
                }
                case ResyncRequest.End e -> end(e);
            };
        } catch (IOException | RuntimeException e) {
            String what = e instanceof UserError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("resync target: request {} failed: {}", request.getClass().getSimpleName(), what);
            return new ResyncReply.Failed("target " + tree.root() + ": " + what);
        }
    }

    private ResyncReply begin(ResyncRequest.Begin b) throws IOException {
        ResyncInProgressFlag.Mark pending = flag.read();
        boolean resumable = pending != null && pending.runId().equals(b.runId()) && pending.kind() == b.kind();
        if (!resumable) {
            ResyncRequest.Kind kind = pending != null && pending.kind() == ResyncRequest.Kind.FULL
                    ? ResyncRequest.Kind.FULL : b.kind();
            flag.set(new ResyncInProgressFlag.Mark(b.runId(), kind));
        }
        List<HotExtent> hot = activity == null ? List.of() : List.copyOf(activity.recovered());
        log.info("resync target: run '{}' ({}) begins{}; {} crash-hot extents", b.runId(), b.kind(),
                resumable ? ", resuming" : "", hot.size());
        return new ResyncReply.Begun(resumable, pending == null ? null : pending.kind(), hot);
    }

    private ResyncReply compare(ResyncRequest.CompareFile c) throws IOException {
        EntryMeta meta = tree.stat(c.path());
        if (meta == null || meta.type() != EntryType.FILE) {
            return new ResyncReply.BlockHashes(false, -1, new long[0]);
        }
        FileDigest d = tree.digest(c.path(), c.blockBytes(), c.fromBlock());
        if (c.fromBlock() == 0 && d.size() == c.size() && d.wholeHash() == c.wholeHash()) {
            return new ResyncReply.BlockHashes(true, d.size(), new long[0]);
        }
        return new ResyncReply.BlockHashes(false, d.size(), d.blockHashes());
    }

    private ResyncReply end(ResyncRequest.End e) throws IOException {
        ResyncInProgressFlag.Mark pending = flag.read();
        if (pending == null || !pending.runId().equals(e.runId())) {
            return new ResyncReply.Failed("target " + tree.root() + ": end of run '" + e.runId()
                    + "' but the pending run is " + (pending == null ? "none" : "'" + pending.runId() + "'"));
        }
        if (activity != null && !e.coveredHotExtents().isEmpty()) {
            activity.clearRecovered(e.coveredHotExtents());
        }
        flag.clear();
        log.info("resync target: run '{}' complete, data in sync", e.runId());
        return new ResyncReply.Done();
    }

    private void requireFlag(String what) throws IOException {
        if (!flag.isSet()) {
            throw new UserError(UserError.Kind.REFUSED, "refusing to " + what + ": no resync run has begun on this node");
        }
    }
}

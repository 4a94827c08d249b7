package org.duplex.resync.source;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.duplex.resync.activity.ActivityLog;
import org.duplex.resync.activity.HotExtent;
import org.duplex.resync.dirty.BlockRanges;
import org.duplex.resync.dirty.DirtyLog;
import org.duplex.resync.dirty.DirtyState;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.protocol.EntryType;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.protocol.ResyncRequest.Kind;
import org.duplex.resync.tree.LocalTree;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reintegration, source side: makes the target an exact copy of this node's tree while the
 * application keeps writing here.
 *
 * <pre>
 *   Begin ──► NAMESPACE ──────────────────────────► TRANSFER (nbrei workers) ──► FINISHING ──► End
 *             renames replayed                       per file: dirty 4 KiB blocks,  directory
 *             INCREMENTAL: changed entries by name   or checksum compare (64 KiB)   attributes
 *             FULL: walk both trees, delete extras   then size + attributes
 * </pre>
 *
 * <ol>
 *   <li>Which node is source is decided elsewhere (data generations); this class only runs.</li>
 *   <li>INCREMENTAL sends the dirty blocks recorded while apart, the extents hot at either side's
 *       last crash, and entries changed by name (a changed regular file is checksum-compared, which
 *       sends only differing blocks). FULL compares everything by checksum.</li>
 *   <li>Resumable: the target's "resync in progress" flag names the run; the source's checkpoint
 *       lists completed files (and blocks inside big files); the dirty log forgets what was sent.
 *       An interrupted FULL run can only be finished by a FULL run.</li>
 *   <li>Live writes: see {@link LiveWriteOrdering} and {@link FileSyncer}.</li>
 * </ol>
 */
public final class ResyncSource {
    private static final Logger log = LoggerFactory.getLogger(ResyncSource.class);
    private final LocalTree tree;
    private final ResyncClient client;
    private final DirtyLog dirtyLog;
    private final ActivityLog activity;
    private final ResyncCheckpoint checkpoint;
    private final LiveWriteOrdering ordering;
    private final ResyncOptions options;
    private final LongSupplier nanoTime;
    private final Supplier<String> newRunId;
    private volatile ProgressTracker progress;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param dirtyLog this node's dirty records (null: none kept, e.g. first sync)
     * @param activity this node's activity log, for its own crash-hot extents (null: none)
     */
    public ResyncSource(LocalTree tree, ResyncChannel channel, DirtyLog dirtyLog,
                        ActivityLog activity, ResyncCheckpoint checkpoint, LiveWriteOrdering ordering,
                        ResyncOptions options, LongSupplier nanoTime, Supplier<String> newRunId) {
        this.tree = tree;
        this.client = new ResyncClient(channel);
        this.dirtyLog = dirtyLog;
        this.activity = activity;
        this.checkpoint = checkpoint;
        this.ordering = ordering;
        this.options = options;
        this.nanoTime = nanoTime;
        this.newRunId = newRunId;
    }

    /** What a completed run did. */
    public record Result(String runId, Kind kind, boolean resumed, ResyncProgress progress) {}

    /** Current progress (of the running or last run). */
    public ResyncProgress progress() {
        ProgressTracker p = progress;
        return p == null ? ResyncProgress.idle() : p.snapshot();
    }

    /**
     * Runs (or resumes) a reintegration of at least {@code requested} kind. An IOException means
     * the link or a disk failed: the checkpoint and the target's flag stay, and a later call resumes.
     */
    public Result run(Kind requested) throws IOException, InterruptedException {
        if (!running.compareAndSet(false, true)) {
            throw new org.duplex.common.UserError(org.duplex.common.UserError.Kind.REFUSED,
                    "a resync run is already in progress on this node (" + progress().runId() + ")");
        }
        try {
            return runOnce(requested);
        } finally {
            running.set(false);
        }
    }

    private Result runOnce(Kind requested) throws IOException, InterruptedException {
        Kind kind = requested;
        String runId = checkpoint.runId();
        if (runId == null || (requested == Kind.FULL && checkpoint.kind() != Kind.FULL)) {
            runId = newRunId.get();
        } else if (checkpoint.kind() == Kind.FULL) {
            kind = Kind.FULL;
        }
        ProgressTracker tracker = new ProgressTracker(runId, nanoTime);
        progress = tracker;
        try {
            ResyncReply.Begun begun = client.call(new ResyncRequest.Begin(runId, kind), ResyncReply.Begun.class);
            if (begun.pendingKind() == Kind.FULL && kind != Kind.FULL) {
                log.info("resync: target has an unfinished full sync; this run is a full sync");
                kind = Kind.FULL;
            }
            boolean resumed = begun.resumable() && runId.equals(checkpoint.runId()) && kind == checkpoint.kind();
            if (!resumed) {
                checkpoint.start(runId, kind);
            }
            log.info("resync: run '{}' ({}) {}", runId, kind, resumed ? "resumed" : "started");
            Set<HotExtent> ownHot = activity == null ? Set.of() : activity.recovered();
            Plan plan = plan(kind, begun.crashHotExtents(), ownHot, tracker);
            tracker.phase(ResyncProgress.Phase.TRANSFER);
            transfer(plan, tracker);
            tracker.phase(ResyncProgress.Phase.FINISHING);
            finish(runId, plan, begun.crashHotExtents(), ownHot);
            tracker.phase(ResyncProgress.Phase.DONE);
            log.info("resync: run '{}' done: {}", runId, tracker.snapshot());
            return new Result(runId, kind, resumed, tracker.snapshot());
        } catch (IOException | InterruptedException | RuntimeException e) {
            tracker.phase(ResyncProgress.Phase.FAILED);
            log.warn("resync: run '{}' interrupted ({}); it resumes on the next run", runId, e.getMessage());
            throw e;
        }
    }

    /** A file to checksum-compare; {@code targetMeta} is the target's entry when listed (else null). */
    private record CompareItem(boolean clearEntry, EntryMeta targetMeta) {}

    /** Work found while planning: files to compare, files with known dirty blocks, directories to set. */
    private static final class Plan {
        final Map<String, CompareItem> compare = new LinkedHashMap<>();
        final Map<String, RoaringBitmap> dirty = new LinkedHashMap<>();
        final List<EntryMeta> directories = new ArrayList<>();
        final Set<String> entriesHandled = new LinkedHashSet<>();
        DirtyState records = new DirtyState();
    }

    private Plan plan(Kind kind, List<HotExtent> targetHot, Set<HotExtent> ownHot, ProgressTracker tracker)
            throws IOException {
        tracker.phase(ResyncProgress.Phase.NAMESPACE);
        Plan plan = new Plan();
        plan.records = dirtyLog == null ? new DirtyState() : dirtyLog.snapshot();
        replayRenames(plan);
        if (kind == Kind.FULL) {
            walkBoth(plan);
            plan.entriesHandled.addAll(plan.records.changedEntries());
        } else {
            for (String path : plan.records.changedEntries()) {
                handleEntry(path, plan);
            }
        }
        Map<String, RoaringBitmap> hotBlocks = new LinkedHashMap<>();
        for (HotExtent e : concat(targetHot, ownHot)) {
            BlockRanges.addRegion(hotBlocks.computeIfAbsent(e.path(), p -> new RoaringBitmap()), e.offset(), e.extentBytes());
        }
        for (Map.Entry<String, RoaringBitmap> e : plan.records.blocks().entrySet()) {
            hotBlocks.computeIfAbsent(e.getKey(), p -> new RoaringBitmap()).or(e.getValue());
        }
        for (Map.Entry<String, RoaringBitmap> e : hotBlocks.entrySet()) {
            String path = e.getKey();
            if (plan.compare.containsKey(path)) {
                continue;
            }
            if (kind == Kind.FULL && checkpoint.isFileDone(path) && !plan.records.blocks().containsKey(path)) {
                continue;
            }
            if (!targetHasSameType(path)) {
                handleEntry(path, plan);
                continue;
            }
            plan.dirty.put(path, e.getValue());
        }
        long bytes = 0;
        for (String path : plan.compare.keySet()) {
            EntryMeta m = tree.stat(path);
            bytes += m == null ? 0 : FileSyncer.compareBytes(m, checkpoint.blocksDone(path), options.compareBlockBytes());
        }
        for (RoaringBitmap b : plan.dirty.values()) {
            bytes += b.getLongCardinality() * BlockRanges.BLOCK_BYTES;
        }
        tracker.addTotal(bytes, plan.compare.size() + plan.dirty.size());
        return plan;
    }

    private boolean targetHasSameType(String path) throws IOException {
        EntryMeta mine = tree.stat(path);
        EntryMeta theirs = client.call(new ResyncRequest.Stat(path), ResyncReply.Entry.class).meta();
        if (mine == null) {
            return theirs == null;
        }
        return theirs != null && theirs.type() == mine.type();
    }

    private static List<HotExtent> concat(List<HotExtent> a, Set<HotExtent> b) {
        List<HotExtent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Replays renames on the target; a rename it could not replay makes the new name a full compare. */
    private void replayRenames(Plan plan) throws IOException {
        List<DirtyState.Rename> renames = plan.records.renames();
        for (DirtyState.Rename r : renames) {
            boolean applied = client.call(new ResyncRequest.Rename(r.from(), r.to()), ResyncReply.Renamed.class).applied();
            if (!applied) {
                log.debug("resync: rename '{}' -> '{}' not on the target; '{}' is compared by name", r.from(), r.to(), r.to());
            }
        }
        if (dirtyLog != null) {
            dirtyLog.clearRenames(renames.size());
        }
    }

    /** Brings one changed entry in line by name (INCREMENTAL), or schedules its file compare. */
    private void handleEntry(String path, Plan plan) throws IOException {
        if (!plan.entriesHandled.add(path)) {
            return;
        }
        EntryMeta mine = tree.stat(path);
        if (mine != null && mine.type() == EntryType.FILE) {
            plan.compare.put(path, new CompareItem(true, null));
            return;
        }
        if (mine == null || mine.type() == EntryType.OTHER) {
            client.call(new ResyncRequest.Delete(path), ResyncReply.Done.class);
        } else {
            client.call(new ResyncRequest.PutEntry(mine), ResyncReply.Done.class);
        }
        if (dirtyLog != null) {
            dirtyLog.clearEntry(path);
            dirtyLog.clearBlocks(path, dirtyLog.blocksOf(path));
        }
    }

    /** FULL: walks both trees directory by directory; removes extras, creates the rest, plans compares. */
    private void walkBoth(Plan plan) throws IOException {
        Deque<String> dirs = new ArrayDeque<>();
        Deque<Boolean> targetHasDir = new ArrayDeque<>();
        dirs.push("");
        targetHasDir.push(true);
        EntryMeta rootMeta = tree.stat("");
        if (rootMeta != null) {
            plan.directories.add(rootMeta);
        }
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            boolean exists = targetHasDir.pop();
            List<EntryMeta> theirs = exists
                    ? client.call(new ResyncRequest.ListDir(dir), ResyncReply.Listing.class).entries() : List.of();
            DirectoryDiff diff = DirectoryDiff.of(tree.list(dir), theirs);
            for (String extra : diff.removeOnTarget()) {
                client.call(new ResyncRequest.Delete(extra), ResyncReply.Done.class);
            }
            for (DirectoryDiff.Pair pair : diff.pairs()) {
                EntryMeta s = pair.source();
                EntryMeta t = pair.target();
                switch (s.type()) {
                    case DIRECTORY -> {
                        if (t == null) {
                            client.call(new ResyncRequest.PutEntry(s), ResyncReply.Done.class);
                        }
                        if (t == null || !s.sameAttributes(t)) {
                            plan.directories.add(s);
                        }
                        dirs.push(s.path());
                        targetHasDir.push(t != null);
                    }
                    case SYMLINK -> {
                        if (t == null || !s.sameAttributes(t)) {
                            client.call(new ResyncRequest.PutEntry(s), ResyncReply.Done.class);
                        }
                    }
                    case FILE -> {
                        if (!checkpoint.isFileDone(s.path())) {
                            plan.compare.put(s.path(), new CompareItem(plan.records.changedEntries().contains(s.path()), t));
                        }
                    }
                    case OTHER -> { }
                }
            }
        }
    }

    private void transfer(Plan plan, ProgressTracker tracker) throws IOException, InterruptedException {
        RateLimiter limiter = options.rateLimitBytesPerSecond() == 0 ? RateLimiter.unlimited()
                : RateLimiter.systemClock(options.rateLimitBytesPerSecond());
        FileSyncer syncer = new FileSyncer(tree, client, ordering, limiter, tracker, checkpoint, dirtyLog, options);
        List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
        for (Map.Entry<String, CompareItem> e : plan.compare.entrySet()) {
            String path = e.getKey();
            EntryMeta m = tree.stat(path);
            long planned = m == null ? 0 : FileSyncer.compareBytes(m, checkpoint.blocksDone(path), options.compareBlockBytes());
            tasks.add(() -> {
                syncer.compareWhole(path, planned, e.getValue().clearEntry(), e.getValue().targetMeta());
                return null;
            });
        }
        for (Map.Entry<String, RoaringBitmap> e : plan.dirty.entrySet()) {
            tasks.add(() -> {
                syncer.sendDirty(e.getKey(), e.getValue());
                return null;
            });
        }
        runAll(tasks);
    }

    /** Runs tasks on {@code nbrei} threads; the first failure cancels the rest and is rethrown. */
    private void runAll(List<java.util.concurrent.Callable<Void>> tasks) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "resync-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            List<Future<Void>> futures = new ArrayList<>();
            for (var task : tasks) {
                futures.add(done.submit(task));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof InterruptedException ie) {
                        throw ie;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void finish(String runId, Plan plan, List<HotExtent> targetHot, Set<HotExtent> ownHot) throws IOException {
        plan.directories.sort(Comparator.comparing((EntryMeta m) -> m.path().length()).reversed());
        for (EntryMeta dir : plan.directories) {
            EntryMeta now = tree.stat(dir.path());
            if (now != null && now.type() == EntryType.DIRECTORY) {
                client.call(new ResyncRequest.PutEntry(now), ResyncReply.Done.class);
            }
        }
        if (dirtyLog != null) {
            for (String path : plan.entriesHandled) {
                dirtyLog.clearEntry(path);
            }
        }
        client.call(new ResyncRequest.End(runId, targetHot), ResyncReply.Done.class);
        if (activity != null && !ownHot.isEmpty()) {
            activity.clearRecovered(ownHot);
        }
        checkpoint.finish();
    }
}

package org.duplex.node.data;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.duplex.engine.Action;
import org.duplex.fs.Errno;
import org.duplex.fs.NativeFs;
import org.duplex.fs.filter.FilterMode;
import org.duplex.fs.filter.FilterMount;
import org.duplex.fs.filter.PassthroughHandler;
import org.duplex.replication.filter.ReplicatingHandler;
import org.duplex.replication.filter.UnderlyingInodes;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.primary.PeerListener;
import org.duplex.replication.primary.RangeLocks;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.secondary.NativeMutationApplier;
import org.duplex.replication.secondary.SecondaryListener;
import org.duplex.replication.secondary.SecondaryServer;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.resync.DurableDirtyRecorder;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.source.LiveWriteOrdering;
import org.duplex.resync.source.ResyncCheckpoint;
import org.duplex.resync.source.ResyncOptions;
import org.duplex.resync.source.ResyncSource;
import org.duplex.resync.splitbrain.SplitBrainSaver;
import org.duplex.resync.target.ResyncInProgressFlag;
import org.duplex.resync.target.ResyncTarget;
import org.duplex.resync.tree.LocalTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code <replicated dir>} of a module: its filter mount, replication pipeline (source side),
 * secondary server (target side) and the reintegration pieces. Everything that must see the real
 * directory (file identities, the applier's root, the dirty recorder, the resync tree) is opened
 * before the first mount; resync reads and writes the directory underneath the mount through
 * {@code /proc/self/fd/N} of an O_PATH fd taken before mounting, never through FUSE.
 */
final class ReplicatedDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedDirectory.class);
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    /** What this directory needs to know; {@code identity} is the same on both nodes. */
    record Settings(String identity, Path dir, Path varDir, InetSocketAddress peerReplication,
            InetSocketAddress localReplication, AsyncMode asyncMode, Duration ackTimeout,
            Predicate<String> notReplicated) {}

    /** Link changes, reported from replication threads. */
    interface Events {
        void up(ReplicatedDirectory dir);

        void lost(ReplicatedDirectory dir, String reason);
    }

    private final Settings settings;
    private final Events events;
    private final UnderlyingInodes inodes;
    private final int underlyingFd;
    private final LocalTree underlying;
    private final DurableDirtyRecorder recorder;
    private final NativeMutationApplier applier;
    private final ReplicationPipeline pipeline;
    private final ReplicatingHandler handler;
    private FilterMount mount;
    private SecondaryServer secondary;
    private volatile long sourceRun;
    private volatile boolean sourceWanted;

    ReplicatedDirectory(Settings settings, Events events) throws IOException {
        this.settings = settings;
        this.events = events;
        Path dir = settings.dir();
        if (!Files.isDirectory(dir)) {
            throw new IOException("replicated directory " + dir + " (" + settings.identity() + ") does not exist");
        }
        Files.createDirectories(settings.varDir());
        this.inodes = new UnderlyingInodes(dir);
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, dir.toAbsolutePath().normalize().toString(),
                NativeFs.O_PATH | NativeFs.O_DIRECTORY | NativeFs.O_CLOEXEC, 0);
        if (fd < 0) {
            inodes.close();
            throw new IOException("cannot open replicated directory " + dir + ": " + Errno.describe(fd));
        }
        this.underlyingFd = fd;
        this.underlying = new LocalTree(Path.of(NativeFs.procPath(fd)));
        this.recorder = DurableDirtyRecorder.open(settings.varDir().resolve("resync"));
        this.applier = new NativeMutationApplier(dir);
        this.pipeline = ReplicationPipeline.builder()
                .moduleIdentity(settings.identity())
                .peer(settings.peerReplication())
                .asyncMode(settings.asyncMode())
                .ackTimeout(settings.ackTimeout())
                .dirtyRecorder(recorder)
                .notReplicated(settings.notReplicated())
                .fileIdentity(inodes)
                .listener(new PeerListener() {
                    @Override public void connected(String peer) {
                        events.up(ReplicatedDirectory.this);
                    }
                    @Override public void peerLost(String reason) {
                        events.lost(ReplicatedDirectory.this, reason);
                    }
                })
                .build();
        this.handler = new ReplicatingHandler(new PassthroughHandler(), pipeline, dir);
    }

    String identity() {
        return settings.identity();
    }

    Path dir() {
        return settings.dir();
    }

    /**
     * WRITES_BLOCKED is served as read-only: the fs filter has no "wait" mode, so application
     * writes fail fast with EROFS until the engine lets them through.
     */
    synchronized void setFilter(Action.FilterMode mode) {
        if (mode == Action.FilterMode.UNMOUNTED) {
            if (mount != null) {
                mount.close();
                mount = null;
            }
            return;
        }
        FilterMode fsMode = mode == Action.FilterMode.READ_WRITE ? FilterMode.READ_WRITE : FilterMode.READ_ONLY;
        if (mount != null && !mount.isServing()) {
            log.error("filter on {} was unmounted behind Duplex's back; mounting again", settings.dir());
            mount.close();
            mount = null;
        }
        if (mount == null) {
            mount = FilterMount.mount(settings.dir(), handler, fsMode);
        } else {
            mount.setMode(fsMode);
        }
    }

    synchronized boolean isMounted() {
        return mount != null && mount.isServing();
    }

    /** Connects the pipeline to the peer, retrying with a bounded backoff until connected or stopped. */
    synchronized void startSource() {
        sourceWanted = true;
        long run = ++sourceRun;
        Thread.ofVirtual().name("replication-connect-" + settings.identity()).start(() -> connectLoop(run));
    }

    private void connectLoop(long run) {
        long backoff = FIRST_RETRY_MILLIS;
        String last = null;
        while (sourceWanted && sourceRun == run) {
            if (pipeline.isConnected()) {
                events.up(this); // started again while still connected: already up
                return;
            }
            try {
                pipeline.connect();
                if (!sourceWanted || sourceRun != run) {
                    pipeline.disconnect("replication stopped while connecting");
                }
                return;
            } catch (IOException | RuntimeException e) {
                if (!e.toString().equals(last)) {
                    log.info("replication of {}: cannot connect to {} yet ({}); retrying", settings.identity(),
                            settings.peerReplication(), e.getMessage());
                    last = e.toString();
                }
            }
            try {
                Thread.sleep(backoff); // a retry pause in a driver thread, not a test wait
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_RETRY_MILLIS);
        }
    }

    /** Serves the peer's stream on this node's replication address, applying underneath the mount. */
    synchronized void startTarget() throws IOException {
        if (secondary != null) {
            return;
        }
        secondary = new SecondaryServer(settings.localReplication(), settings.identity(), applier,
                new SecondaryListener() {
                    @Override public void streamStarted(String peer, long firstSequence) {
                        events.up(ReplicatedDirectory.this);
                    }
                    @Override public void streamEnded(String reason, boolean needsResync, long appliedThrough) {
                        events.lost(ReplicatedDirectory.this, reason + (needsResync ? " (needs a resync)" : ""));
                    }
                }, FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(10)).start();
    }

    synchronized void stopReplication() {
        sourceWanted = false;
        sourceRun++;
        pipeline.disconnect("replication stopped by the engine");
        if (secondary != null) {
            secondary.close();
            secondary = null;
        }
    }

    boolean isConnected() {
        return pipeline.isConnected();
    }

    /** A reintegration run from this node's tree, with data sends ordered against live writes. */
    ResyncSource newResyncSource(ResyncChannel channel, ResyncCheckpoint checkpoint, ResyncOptions options) {
        LiveWriteOrdering ordering = (path, offset, length) -> {
            RangeLocks.Held held = pipeline.lockRange(path, offset, length);
            return held::close;
        };
        return new ResyncSource(underlying, channel, recorder.dirty(), recorder.activity(), checkpoint, ordering,
                options, System::nanoTime, () -> UUID.randomUUID().toString());
    }

    ResyncCheckpoint openCheckpoint() throws IOException {
        return ResyncCheckpoint.open(settings.varDir().resolve("resync.checkpoint"));
    }

    ResyncTarget newResyncTarget() {
        return new ResyncTarget(underlying, new ResyncInProgressFlag(settings.varDir()), recorder.activity());
    }

    /**
     * Saves this node's divergent files (from its own dirty records) before a resync overwrites
     * them; the records then describe nothing the cluster keeps, so they are cleared.
     */
    SplitBrainSaver.Saved saveDivergent(String node, String peer) throws IOException {
        ResyncChannel none = request -> {
            throw new IOException("split-brain save of " + settings.identity() + " uses this node's records only");
        };
        SplitBrainSaver.Saved saved = new SplitBrainSaver(underlying, settings.varDir(),
                alert -> log.error("{}: {}", settings.identity(), alert.message()), Clock.systemUTC(), node)
                .save(recorder.dirty().snapshot(), true, none, peer);
        recorder.dirty().clearAll();
        return saved;
    }

    /** Full-sync kind for the engine's mode. */
    static ResyncRequest.Kind kindOf(Action.ResyncMode mode) {
        return mode == Action.ResyncMode.FULL ? ResyncRequest.Kind.FULL : ResyncRequest.Kind.INCREMENTAL;
    }

    /** {@code <notreplicated path>} (a path and everything below) and {@code regexpath} ('!' = only these). */
    static Predicate<String> notReplicated(List<String> paths, List<String> regexes) {
        List<Pattern> excluded = regexes.stream().filter(r -> !r.startsWith("!")).map(Pattern::compile).toList();
        List<Pattern> only = regexes.stream().filter(r -> r.startsWith("!")).map(r -> Pattern.compile(r.substring(1))).toList();
        return path -> paths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))
                || excluded.stream().anyMatch(p -> p.matcher(path).matches())
                || (!only.isEmpty() && only.stream().noneMatch(p -> p.matcher(path).matches()));
    }

    @Override
    public synchronized void close() {
        stopReplication();
        pipeline.close();
        if (mount != null) {
            mount.close();
            mount = null;
        }
        applier.close();
        inodes.close();
        NativeFs.close(underlyingFd);
        try {
            recorder.close();
        } catch (IOException e) {
            log.error("{}: closing the dirty recorder failed: {}", settings.identity(), e.toString());
        }
    }
}

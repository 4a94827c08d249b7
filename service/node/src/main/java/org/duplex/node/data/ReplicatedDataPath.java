package org.duplex.node.data;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duplex.engine.Action;
import org.duplex.node.module.DataPath;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.source.ResyncCheckpoint;
import org.duplex.resync.source.ResyncOptions;
import org.duplex.resync.source.ResyncProgress;
import org.duplex.resync.source.ResyncSource;
import org.duplex.resync.target.ResyncTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror module's real data path: one {@link ReplicatedDirectory} per {@code <replicated dir>}
 * (replication of directory i on the module's port base+i), and reintegration over its own TCP
 * link on port base+3 (one connection per directory, opened with the directory's identity; see
 * {@link ResyncServer}). Replication is "up" once every directory's stream is; a loss of any is a
 * loss. A resync source runs the directories one after the other and reports their combined
 * progress; the target reports done once every directory received the source's End.
 */
public final class ReplicatedDataPath implements DataPath {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedDataPath.class);
    /** Replication of directory i uses base+i, reintegration base+3: a module owns 4 ports. */
    public static final int MAX_DIRECTORIES = 3;
    static final int RESYNC_PORT_OFFSET = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(2);
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    /** What the data path needs besides each directory's settings. */
    public record Settings(String nodeName, String peerName, InetSocketAddress localResync,
            InetSocketAddress peerResync, ResyncOptions resyncOptions) {}

    private final Settings settings;
    private final Listener listener;
    private final List<ReplicatedDirectory> dirs = new ArrayList<>();
    private final ScheduledExecutorService progressTimer;

    // Guarded by this.
    private final Set<ReplicatedDirectory> up = new HashSet<>();
    private boolean replicating;
    private boolean lostReported;
    private ResyncServer resyncServer;
    private final Set<String> resyncEnded = new HashSet<>();
    private boolean targetResyncActive;
    private long sourceRun;
    private Thread sourceThread;
    private volatile ResyncSource currentSource;
    private volatile int currentIndex;
    private volatile long lastRunBytesSent;

    ReplicatedDataPath(Settings settings, List<ReplicatedDirectory.Settings> directories, Listener listener)
            throws IOException {
        if (directories.size() > MAX_DIRECTORIES) {
            throw new IOException("a module replicates at most " + MAX_DIRECTORIES + " directories (its 4 ports are"
                    + " replication base+0..2 and reintegration base+3); this one has " + directories.size());
        }
        this.settings = settings;
        this.listener = listener;
        try {
            for (ReplicatedDirectory.Settings d : directories) {
                dirs.add(new ReplicatedDirectory(d, new ReplicatedDirectory.Events() {
                    @Override public void up(ReplicatedDirectory dir) {
                        directoryUp(dir);
                    }
                    @Override public void lost(ReplicatedDirectory dir, String reason) {
                        directoryLost(dir, reason);
                    }
                }));
            }
        } catch (IOException | RuntimeException e) {
            dirs.forEach(ReplicatedDirectory::close);
            throw e;
        }
        this.progressTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("resync-progress").daemon().factory());
    }

    /** Data bytes the last completed source run sent (all directories): shows what a resync cost. */
    long lastRunBytesSent() {
        return lastRunBytesSent;
    }

    List<ReplicatedDirectory> directories() {
        return List.copyOf(dirs);
    }

    @Override
    public void setFilter(Action.FilterMode mode) throws IOException {
        for (ReplicatedDirectory d : dirs) {
            d.setFilter(mode);
        }
    }

    @Override
    public synchronized void startReplication(Action.Role role) {
        replicating = true;
        lostReported = false;
        up.clear();
        for (ReplicatedDirectory d : dirs) {
            if (role == Action.Role.SOURCE) {
                d.startSource();
            } else {
                try {
                    d.startTarget();
                } catch (IOException e) {
                    reportLost("cannot serve replication of " + d.identity() + ": " + e.getMessage());
                    return;
                }
            }
        }
        if (dirs.isEmpty()) {
            listener.replicationUp(); // nothing to replicate: trivially in sync
        }
    }

    @Override
    public void stopReplication() {
        synchronized (this) {
            replicating = false;
            up.clear();
        }
        dirs.forEach(ReplicatedDirectory::stopReplication);
    }

    private void directoryUp(ReplicatedDirectory dir) {
        boolean all;
        synchronized (this) {
            if (!replicating) {
                return;
            }
            up.add(dir);
            all = up.size() == dirs.size();
        }
        if (all) {
            listener.replicationUp();
        }
    }

    private void directoryLost(ReplicatedDirectory dir, String reason) {
        synchronized (this) {
            if (!replicating) {
                return;
            }
            up.remove(dir);
        }
        reportLost("replication of " + dir.identity() + " lost: " + reason);
    }

    private void reportLost(String reason) {
        synchronized (this) {
            if (lostReported) {
                return;
            }
            lostReported = true;
        }
        log.warn("{}", reason);
        listener.replicationLost(reason);
    }

    @Override
    public synchronized void startResync(Action.Role role, Action.ResyncMode mode) {
        if (role == Action.Role.TARGET) {
            startTargetResync();
        } else {
            long run = ++sourceRun;
            sourceThread = Thread.ofPlatform().name("resync-source").daemon()
                    .start(() -> runSource(run, ReplicatedDirectory.kindOf(mode)));
        }
    }

    private void startTargetResync() {
        resyncEnded.clear();
        targetResyncActive = true;
        if (dirs.isEmpty()) {
            targetResyncActive = false;
            listener.resyncDone();
            return;
        }
        if (resyncServer != null) {
            return;
        }
        Map<String, ResyncServer.Endpoint> endpoints = new LinkedHashMap<>();
        for (ReplicatedDirectory d : dirs) {
            ResyncTarget target = d.newResyncTarget();
            endpoints.put(d.identity(), new ResyncServer.Endpoint() {
                @Override public ResyncReply handle(ResyncRequest request) {
                    ResyncReply reply = target.handle(request);
                    if (request instanceof ResyncRequest.End && !(reply instanceof ResyncReply.Failed)) {
                        targetDirectoryDone(d);
                    }
                    return reply;
                }
                @Override public void linkClosed(String reason) {
                    targetLinkClosed(d, reason);
                }
            });
        }
        try {
            resyncServer = new ResyncServer(settings.localResync(), endpoints);
        } catch (IOException e) {
            targetResyncActive = false;
            listener.resyncFailed(e.getMessage());
        }
    }

    private void targetDirectoryDone(ReplicatedDirectory d) {
        boolean all;
        synchronized (this) {
            resyncEnded.add(d.identity());
            all = targetResyncActive && resyncEnded.size() == dirs.size();
            if (all) {
                targetResyncActive = false;
            }
        }
        if (all) {
            log.info("resync: every replicated directory is an exact copy of {}'s", settings.peerName());
            listener.resyncDone();
        }
    }

    private void targetLinkClosed(ReplicatedDirectory d, String reason) {
        boolean failed;
        synchronized (this) {
            failed = targetResyncActive && !resyncEnded.contains(d.identity());
            if (failed) {
                targetResyncActive = false;
            }
        }
        if (failed) {
            listener.resyncFailed("resync of " + d.identity() + " interrupted: " + reason);
        }
    }

    private void runSource(long run, ResyncRequest.Kind kind) {
        var progress = progressTimer.scheduleAtFixedRate(this::reportSourceProgress, 1, 1, TimeUnit.SECONDS);
        long sent = 0;
        try {
            for (int i = 0; i < dirs.size(); i++) {
                ReplicatedDirectory d = dirs.get(i);
                currentIndex = i;
                try (ResyncConnection link = connectWithRetry(run, d);
                     ResyncCheckpoint checkpoint = d.openCheckpoint()) {
                    if (link == null) {
                        return; // stopped
                    }
                    ResyncSource source = d.newResyncSource(link, checkpoint, settings.resyncOptions());
                    currentSource = source;
                    ResyncSource.Result r = source.run(kind);
                    log.info("resync of {}: {} run {} done ({} bytes sent)", d.identity(), r.kind(), r.runId(),
                            r.progress().bytesSent());
                    sent += r.progress().bytesSent();
                }
            }
            lastRunBytesSent = sent;
            if (stillWanted(run)) {
                listener.resyncProgress(100);
                listener.resyncDone();
            }
        } catch (IOException | RuntimeException e) {
            if (stillWanted(run)) {
                log.error("resync failed: {}", e.toString());
                listener.resyncFailed(String.valueOf(e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progress.cancel(false);
            currentSource = null;
        }
    }

    private synchronized boolean stillWanted(long run) {
        return sourceRun == run;
    }

    private ResyncConnection connectWithRetry(long run, ReplicatedDirectory d) throws InterruptedException {
        long backoff = FIRST_RETRY_MILLIS;
        while (stillWanted(run)) {
            try {
                return ResyncConnection.open(settings.peerResync(), d.identity(), CONNECT_TIMEOUT, REPLY_TIMEOUT);
            } catch (IOException e) {
                log.debug("resync of {}: {} not reachable yet: {}", d.identity(), settings.peerResync(), e.toString());
            }
            Thread.sleep(backoff); // a retry pause in a driver thread, not a test wait
            backoff = Math.min(backoff * 2, MAX_RETRY_MILLIS);
        }
        return null;
    }

    private void reportSourceProgress() {
        ResyncSource s = currentSource;
        if (s == null) {
            return;
        }
        ResyncProgress p = s.progress();
        int dirPercent = p.bytesTotal() <= 0 ? 0 : (int) Math.min(100, p.bytesDone() * 100 / p.bytesTotal());
        int percent = Math.min(99, (currentIndex * 100 + dirPercent) / dirs.size());
        listener.resyncProgress(percent);
    }

    @Override
    public void stopResync() {
        Thread source;
        ResyncServer server;
        synchronized (this) {
            sourceRun++;
            source = sourceThread;
            sourceThread = null;
            targetResyncActive = false;
            server = resyncServer;
            resyncServer = null;
        }
        if (server != null) {
            server.close();
        }
        if (source != null) {
            source.interrupt();
        }
    }

    @Override
    public void reportSplitBrain(boolean thisNodeIsTarget, String localGeneration, String peerGeneration) {
        log.error("split brain: both nodes wrote while apart (this node {} at generation {}, {} at {}); {}",
                settings.nodeName(), localGeneration, settings.peerName(), peerGeneration,
                thisNodeIsTarget ? "this node's divergent files are saved, then overwritten by the resync"
                        : "the peer saves its divergent files");
        if (!thisNodeIsTarget) {
            return;
        }
        for (ReplicatedDirectory d : dirs) {
            try {
                var saved = d.saveDivergent(settings.nodeName(), settings.peerName());
                log.error("split brain: {} divergent entries of {} saved in {}", saved.manifest().entries().size(),
                        d.dir(), saved.dir());
            } catch (IOException | RuntimeException e) {
                log.error("split brain: saving the divergent files of {} FAILED: {}", d.dir(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        stopResync();
        stopReplication();
        progressTimer.shutdownNow();
        for (ReplicatedDirectory d : dirs) {
            try {
                d.close();
            } catch (RuntimeException e) {
                log.error("closing {}: {}", d.identity(), e.toString());
            }
        }
    }
}

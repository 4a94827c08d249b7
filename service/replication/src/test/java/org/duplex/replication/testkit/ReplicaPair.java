package org.duplex.replication.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.primary.PeerListener;
import org.duplex.replication.primary.ReplicationPipeline;
import org.duplex.replication.secondary.MutationApplier;
import org.duplex.replication.secondary.NioMutationApplier;
import org.duplex.replication.secondary.SecondaryListener;
import org.duplex.replication.secondary.SecondaryServer;
import org.duplex.replication.wire.FrameFormat;

/**
 * A primary pipeline on directory A and a secondary server applying into directory B, over real
 * TCP on 127.0.0.1. The primary's "local operation" is the NIO applier on A (serialized: the
 * applier caches channels), so the test drives the pipeline exactly as the filter's handler would.
 */
public final class ReplicaPair implements AutoCloseable {
    public static final String MODULE = "test-module@cluster-1";

    /** When set, the secondary applies with fs's NativeFs (openat2) instead of java.nio (tests flip it). */
    public static final ThreadLocal<Boolean> NATIVE_SECONDARY = ThreadLocal.withInitial(() -> false);

    public final Path primaryDir;
    public final Path secondaryDir;
    public final MemoryDirtyRecorder recorder = new MemoryDirtyRecorder();
    public final List<String> peerEvents = new CopyOnWriteArrayList<>();
    public final List<String> secondaryEvents = new CopyOnWriteArrayList<>();
    public final SecondaryServer secondary;
    public final ReplicationPipeline pipeline;
    private final NioMutationApplier localApplier;
    private final MutationApplier secondaryApplier;

    public ReplicaPair(Path base, AsyncMode mode, Duration ackTimeout, UnaryOperator<MutationApplier> wrapSecondaryApplier)
            throws IOException {
        this(base, mode, ackTimeout, wrapSecondaryApplier, path -> false);
    }

    public ReplicaPair(Path base, AsyncMode mode, Duration ackTimeout, UnaryOperator<MutationApplier> wrapSecondaryApplier,
            java.util.function.Predicate<String> notReplicated) throws IOException {
        this.primaryDir = Files.createDirectories(base.resolve("A"));
        this.secondaryDir = Files.createDirectories(base.resolve("B"));
        this.localApplier = new NioMutationApplier(primaryDir);
        this.secondaryApplier = wrapSecondaryApplier.apply(NATIVE_SECONDARY.get()
                ? new org.duplex.replication.secondary.NativeMutationApplier(secondaryDir) : new NioMutationApplier(secondaryDir));
        this.secondary = new SecondaryServer(new InetSocketAddress("127.0.0.1", 0), MODULE, secondaryApplier,
                new SecondaryListener() {
                    @Override
                    public void streamStarted(String peer, long firstSequence) {
                        secondaryEvents.add("started at #" + firstSequence);
                    }

                    @Override
                    public void streamEnded(String reason, boolean needsResync, long appliedThrough) {
                        secondaryEvents.add("ended resync=" + needsResync + " applied=" + appliedThrough + ": " + reason);
                    }
                }, FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(5)).start();
        this.pipeline = ReplicationPipeline.builder()
                .moduleIdentity(MODULE)
                .peer(secondary.address())
                .asyncMode(mode)
                .ackTimeout(ackTimeout)
                .handshakeTimeout(Duration.ofSeconds(5))
                .dirtyRecorder(recorder)
                .notReplicated(notReplicated)
                .statProbe(this::primaryMtime)
                .fileIdentity(this::primaryInode)
                .listener(new PeerListener() {
                    @Override
                    public void connected(String peer) {
                        peerEvents.add("connected");
                    }

                    @Override
                    public void peerLost(String reason) {
                        peerEvents.add("lost: " + reason);
                    }
                })
                .build();
    }

    public ReplicaPair(Path base, AsyncMode mode) throws IOException {
        this(base, mode, Duration.ofSeconds(30), applier -> applier);
    }

    /** Runs {@code mutation} through the pipeline with the local step on A; returns the handler's result. */
    public int execute(Mutation mutation) {
        return pipeline.execute(mutation, () -> applyLocally(mutation));
    }

    /**
     * Like {@link #execute}, but the local step yields {@code yields} times after applying, as a
     * local op that is slow to return would: it widens the gap between local order and send order.
     */
    public int executeSlowly(Mutation mutation, int yields) {
        return pipeline.execute(mutation, () -> {
            int result = applyLocally(mutation);
            for (int i = 0; i < yields; i++) {
                Thread.yield();
            }
            return result;
        });
    }

    private int applyLocally(Mutation mutation) {
        synchronized (localApplier) {
            try {
                int copied = mutation instanceof Mutation.CopyRange c ? bytesAvailable(c) : 0;
                localApplier.apply(mutation);
                return switch (mutation) {
                    case Mutation.Write w -> w.data().length;
                    case Mutation.CopyRange c -> copied; // copy_file_range returns what it copied
                    default -> 0;
                };
            } catch (NoSuchFileException e) {
                return -2;
            } catch (FileAlreadyExistsException e) {
                return -17;
            } catch (NotDirectoryException e) {
                return -20;
            } catch (DirectoryNotEmptyException e) {
                return -39;
            } catch (IOException e) {
                return -5;
            }
        }
    }

    /** The inode of a path on A, so hard links share locks, as the filter's UnderlyingInodes does. */
    private Object primaryInode(String path) {
        try {
            return Files.getAttribute(primaryDir.resolve(path), "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return path;
        }
    }

    private int bytesAvailable(Mutation.CopyRange copy) throws IOException {
        Path source = primaryDir.resolve(copy.source());
        long size = Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) ? Files.size(source) : 0;
        return (int) Math.max(0, Math.min(copy.length(), size - copy.sourceOffset()));
    }

    private long primaryMtime(String path) {
        try {
            return Files.getLastModifiedTime(primaryDir.resolve(path), LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return Mutation.NO_TIME;
        }
    }

    @Override
    public void close() {
        pipeline.close();
        secondaryApplier.close(); // first: a gated applier opens, so the server's stream can end
        secondary.close();
        localApplier.close();
    }
}

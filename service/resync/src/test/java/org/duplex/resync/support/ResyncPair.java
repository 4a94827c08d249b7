package org.duplex.resync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplex.resync.DurableDirtyRecorder;
import org.duplex.resync.protocol.LoopbackChannel;
import org.duplex.resync.protocol.ResyncRequest;
import org.duplex.resync.source.LiveWriteOrdering;
import org.duplex.resync.source.ResyncCheckpoint;
import org.duplex.resync.source.ResyncOptions;
import org.duplex.resync.source.ResyncSource;
import org.duplex.resync.target.ResyncInProgressFlag;
import org.duplex.resync.target.ResyncTarget;
import org.duplex.resync.tree.LocalTree;

/**
 * Two nodes in one process: each with its data dir and var dir (dirty recorder), the target's
 * handler behind a byte-counting {@link LoopbackChannel}. Reopenable, as after a crash.
 */
public final class ResyncPair implements AutoCloseable {
    public final Path sourceData;
    public final Path targetData;
    public final Path sourceVar;
    public final Path targetVar;
    public DurableDirtyRecorder sourceRecorder;
    public DurableDirtyRecorder targetRecorder;
    public ResyncCheckpoint checkpoint;
    public LoopbackChannel channel;
    public ResyncInProgressFlag targetFlag;
    private final AtomicInteger runIds = new AtomicInteger();

    public ResyncPair(Path base) throws IOException {
        sourceData = Files.createDirectories(base.resolve("src/data"));
        targetData = Files.createDirectories(base.resolve("tgt/data"));
        sourceVar = Files.createDirectories(base.resolve("src/var"));
        targetVar = Files.createDirectories(base.resolve("tgt/var"));
        open();
    }

    /** (Re)opens recorders, checkpoint, target and channel, as a restarted process would. */
    public void open() throws IOException {
        sourceRecorder = DurableDirtyRecorder.open(sourceVar);
        targetRecorder = DurableDirtyRecorder.open(targetVar);
        checkpoint = ResyncCheckpoint.open(sourceVar.resolve("resync.checkpoint"));
        targetFlag = new ResyncInProgressFlag(targetVar);
        ResyncTarget target = new ResyncTarget(new LocalTree(targetData), targetFlag, targetRecorder.activity());
        channel = new LoopbackChannel(target::handle);
    }

    /** Closes everything without the clean-shutdown steps (the activity log stays hot), as a crash. */
    public void crash() throws IOException {
        sourceRecorder.activity().closeAsIfCrashed();
        sourceRecorder.dirty().close();
        targetRecorder.activity().closeAsIfCrashed();
        targetRecorder.dirty().close();
        checkpoint.close();
    }

    public ResyncSource source(ResyncOptions options, LiveWriteOrdering ordering) {
        return new ResyncSource(new LocalTree(sourceData), channel, sourceRecorder.dirty(), sourceRecorder.activity(),
                checkpoint, ordering, options, System::nanoTime, () -> "run" + runIds.incrementAndGet());
    }

    public ResyncSource.Result run(ResyncRequest.Kind kind) throws IOException, InterruptedException {
        return source(ResyncOptions.defaults(), LiveWriteOrdering.NONE).run(kind);
    }

    @Override
    public void close() throws IOException {
        sourceRecorder.close();
        targetRecorder.close();
        checkpoint.close();
    }
}

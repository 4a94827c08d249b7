package org.duplex.replication.primary;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.duplex.replication.link.Connector;
import org.duplex.replication.link.SocketConnection;
import org.duplex.resync.DirtyRecorder;

/**
 * Builds a {@link ReplicationPipeline} in-process (the node daemon, {@code duplex bench} and tests).
 * Required: the module identity, the peer (address or connector) and the dirty recorder.
 *
 * <pre>
 *   ReplicationPipeline pipeline = ReplicationPipeline.builder()
 *       .moduleIdentity("postgresql@cluster-7f3a")
 *       .peer(new InetSocketAddress("10.0.0.2", 5600))
 *       .asyncMode(AsyncMode.fromConfig(rfs.async()))
 *       .ackTimeout(Duration.ofSeconds(100))
 *       .dirtyRecorder(recorder)
 *       .notReplicated(path -> path.startsWith("pg_stat_tmp"))
 *       .statProbe(path -> mtimeOf(path))
 *       .listener(engineEvents)
 *       .build();
 *   pipeline.connect();
 * </pre>
 */
public final class ReplicationPipelineBuilder {
    private String moduleIdentity;
    private AsyncMode asyncMode = AsyncMode.SECOND;
    private Duration ackTimeout = PipelineSettings.ACK_TIMEOUT_DEFAULT;
    private Duration handshakeTimeout = PipelineSettings.HANDSHAKE_TIMEOUT_DEFAULT;
    private long maxInFlightBytes = PipelineSettings.MAX_IN_FLIGHT_BYTES_DEFAULT;
    private int maxPayloadBytes = org.duplex.replication.wire.FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES;
    private Connector connector;
    private DirtyRecorder recorder;
    private Predicate<String> notReplicated = path -> false;
    private ReplicationPipeline.StatProbe statProbe = ReplicationPipeline.StatProbe.NONE;
    private PeerListener listener = PeerListener.NONE;
    private ReplicationPipeline.FileIdentity fileIdentity = ReplicationPipeline.FileIdentity.PATH;

    ReplicationPipelineBuilder() {}

    public ReplicationPipelineBuilder moduleIdentity(String identity) {
        this.moduleIdentity = identity;
        return this;
    }

    /** The secondary's replication address (plain TCP; connect timeout = handshake timeout). */
    public ReplicationPipelineBuilder peer(InetSocketAddress address) {
        this.connector = () -> SocketConnection.tcpConnector(address, handshakeTimeout).connect();
        return this;
    }

    /** Any way to reach the peer, e.g. a TLS connector. */
    public ReplicationPipelineBuilder connector(Connector connector) {
        this.connector = connector;
        return this;
    }

    public ReplicationPipelineBuilder asyncMode(AsyncMode mode) {
        this.asyncMode = mode;
        return this;
    }

    /** SafeKit's {@code locktimeout}: longest wait for an ack before going on alone. */
    public ReplicationPipelineBuilder ackTimeout(Duration timeout) {
        this.ackTimeout = timeout;
        return this;
    }

    public ReplicationPipelineBuilder handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = timeout;
        return this;
    }

    public ReplicationPipelineBuilder maxInFlightBytes(long bytes) {
        this.maxInFlightBytes = bytes;
        return this;
    }

    public ReplicationPipelineBuilder maxPayloadBytes(int bytes) {
        this.maxPayloadBytes = bytes;
        return this;
    }

    public ReplicationPipelineBuilder dirtyRecorder(DirtyRecorder recorder) {
        this.recorder = recorder;
        return this;
    }

    /** Paths (relative to the replicated root) that are applied locally and never sent. */
    public ReplicationPipelineBuilder notReplicated(Predicate<String> predicate) {
        this.notReplicated = predicate;
        return this;
    }

    /** How the pipeline reads resulting times when the caller gives no per-call probe. */
    public ReplicationPipelineBuilder statProbe(ReplicationPipeline.StatProbe probe) {
        this.statProbe = probe;
        return this;
    }

    /** How to tell that two paths are one file (hard links); e.g. {@code filter.UnderlyingInodes}. Default: the path. */
    public ReplicationPipelineBuilder fileIdentity(ReplicationPipeline.FileIdentity identity) {
        this.fileIdentity = identity;
        return this;
    }

    public ReplicationPipelineBuilder listener(PeerListener listener) {
        this.listener = listener;
        return this;
    }

    public ReplicationPipeline build() {
        PipelineSettings settings = new PipelineSettings(moduleIdentity, asyncMode, ackTimeout, handshakeTimeout,
                maxInFlightBytes, maxPayloadBytes);
        return new ReplicationPipeline(settings,
                Objects.requireNonNull(connector, "replication pipeline: peer or connector is required"),
                Objects.requireNonNull(recorder, "replication pipeline: dirty recorder is required"),
                Objects.requireNonNull(notReplicated, "notReplicated"),
                Objects.requireNonNull(statProbe, "statProbe"),
                Objects.requireNonNull(fileIdentity, "fileIdentity"),
                Objects.requireNonNull(listener, "listener"));
    }
}

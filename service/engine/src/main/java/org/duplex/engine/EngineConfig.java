package org.duplex.engine;

import java.util.List;
import org.duplex.common.Check;

/**
 * The engine's own configuration. The node daemon maps the parsed {@code userconfig.xml} into it
 * (safekit-behaviour.md §2.1, §2.2, §5.2); the engine never reads files.
 *
 * <p>Timing argument for fencing (see docs/ENGINE.md "Fencing"): a primary fences itself when it
 * has had no bidirectional heartbeat for {@code fenceDelayMs}; a secondary takes over only after
 * {@code heartbeatTimeoutMs}. Both are measured from heartbeat send times echoed back by the peer,
 * so the primary is fenced before the secondary may write provided
 * {@code fenceDelayMs + pulse + max one-way delay < heartbeatTimeoutMs}. The default fence delay
 * is half the timeout, which leaves 15 s for pulse and delay with SafeKit's 30 s default.
 *
 * @param nodeName             this node's name (as in cluster.xml)
 * @param peerName             the other node's name
 * @param networks             heartbeat network names ({@code <heartbeat name=..>}); peer down = all down
 * @param failover             {@code <service failover="on|off">}
 * @param defaultPrim          {@code defaultprim}: "alone" (default), "lastprim" or a node name
 * @param maxLoop              {@code maxloop}: automatic restarts allowed within the interval
 * @param loopIntervalMs       {@code loop_interval}; 0 disables the maxloop check
 * @param heartbeatTimeoutMs   {@code <heart timeout>}: no heartbeat for this long = network down
 * @param fenceDelayMs         a primary with a witness fences itself after this long without heartbeats
 * @param startupPeerWaitMs    at start, how long a node that could go ALONE waits to hear its peer first
 * @param startScriptTimeoutMs longest run of a start script before it counts as failed
 * @param niceStopTimeoutMs    {@code nicestoptimeout}: graceful stop script run before the force call
 * @param forceStopTimeoutMs   {@code forcestoptimeout}: force stop script run before it is killed
 * @param witnessConfigured    a split-brain checker ({@code <splitbrain>}) is configured
 */
public record EngineConfig(
        String nodeName,
        String peerName,
        List<String> networks,
        boolean failover,
        String defaultPrim,
        int maxLoop,
        long loopIntervalMs,
        long heartbeatTimeoutMs,
        long fenceDelayMs,
        long startupPeerWaitMs,
        long startScriptTimeoutMs,
        long niceStopTimeoutMs,
        long forceStopTimeoutMs,
        boolean witnessConfigured) {

    public static final String DEFAULTPRIM_ALONE = "alone";
    public static final String DEFAULTPRIM_LASTPRIM = "lastprim";

    public EngineConfig {
        networks = List.copyOf(networks);
        Check.argument(nodeName != null && !nodeName.isBlank(), "engine config: node name is empty");
        Check.argument(peerName != null && !peerName.isBlank() && !peerName.equals(nodeName),
                "engine config: peer name '%s' must be set and differ from node name '%s'", peerName, nodeName);
        Check.argument(!networks.isEmpty(), "engine config: at least one heartbeat network is needed");
        Check.argument(defaultPrim != null, "engine config: defaultprim is null");
        Check.argument(maxLoop >= 0, "engine config: maxloop %d is negative", maxLoop);
        Check.argument(loopIntervalMs >= 0, "engine config: loop_interval %d ms is negative", loopIntervalMs);
        Check.argument(heartbeatTimeoutMs > 0, "engine config: heartbeat timeout must be positive");
        Check.argument(fenceDelayMs > 0 && fenceDelayMs < heartbeatTimeoutMs,
                "engine config: fence delay %d ms must be positive and shorter than the heartbeat timeout %d ms",
                fenceDelayMs, heartbeatTimeoutMs);
        Check.argument(startScriptTimeoutMs > 0 && niceStopTimeoutMs > 0 && forceStopTimeoutMs > 0,
                "engine config: script timeouts must be positive");
    }

    /** SafeKit's defaults (safekit-behaviour.md §5.2) for one heartbeat network named "default". */
    public static EngineConfig safekitDefaults(String nodeName, String peerName) {
        return new EngineConfig(nodeName, peerName, List.of("default"), true, DEFAULTPRIM_ALONE, 3,
                24L * 3600_000, 30_000, 15_000, 30_000, 300_000, 300_000, 300_000, false);
    }

    /** True when defaultprim names a node rather than a policy. */
    public boolean defaultPrimIsNode() {
        return !defaultPrim.equals(DEFAULTPRIM_ALONE) && !defaultPrim.equals(DEFAULTPRIM_LASTPRIM);
    }

    public EngineConfig withWitness(boolean configured) {
        return new EngineConfig(nodeName, peerName, networks, failover, defaultPrim, maxLoop, loopIntervalMs,
                heartbeatTimeoutMs, fenceDelayMs, startupPeerWaitMs, startScriptTimeoutMs, niceStopTimeoutMs,
                forceStopTimeoutMs, configured);
    }

    public EngineConfig withDefaultPrim(String value) {
        return new EngineConfig(nodeName, peerName, networks, failover, value, maxLoop, loopIntervalMs,
                heartbeatTimeoutMs, fenceDelayMs, startupPeerWaitMs, startScriptTimeoutMs, niceStopTimeoutMs,
                forceStopTimeoutMs, witnessConfigured);
    }

    public EngineConfig withFailover(boolean on) {
        return new EngineConfig(nodeName, peerName, networks, on, defaultPrim, maxLoop, loopIntervalMs,
                heartbeatTimeoutMs, fenceDelayMs, startupPeerWaitMs, startScriptTimeoutMs, niceStopTimeoutMs,
                forceStopTimeoutMs, witnessConfigured);
    }

    public EngineConfig withNetworks(List<String> names) {
        return new EngineConfig(nodeName, peerName, names, failover, defaultPrim, maxLoop, loopIntervalMs,
                heartbeatTimeoutMs, fenceDelayMs, startupPeerWaitMs, startScriptTimeoutMs, niceStopTimeoutMs,
                forceStopTimeoutMs, witnessConfigured);
    }

    /** Test/simulation preset: same shape, timings in the low seconds. */
    public EngineConfig withTimings(long heartbeatMs, long fenceMs, long startupWaitMs, long scriptMs) {
        return new EngineConfig(nodeName, peerName, networks, failover, defaultPrim, maxLoop, loopIntervalMs,
                heartbeatMs, fenceMs, startupWaitMs, scriptMs, scriptMs, scriptMs, witnessConfigured);
    }
}

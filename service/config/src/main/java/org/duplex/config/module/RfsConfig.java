package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.duplex.config.ConfigLocation;

/**
 * {@code <rfs>} (safekit-behaviour.md §2.4): replicated directories and replication tuning.
 *
 * @param syncMode            when the secondary acknowledges a write
 * @param reintegrationThreads {@code nbrei}
 * @param ioTimeout / lockTimeout / sendTimeout  on expiry the primary goes ALONE
 * @param reintegrationBandwidthKbps {@code reiallowedbw}; empty means unlimited
 * @param flowLan             legacy {@code <flow name>}: the LAN carrying replication
 */
public record RfsConfig(
        SyncMode syncMode,
        boolean acl,
        int reintegrationThreads,
        Duration ioTimeout,
        Duration lockTimeout,
        Duration sendTimeout,
        Duration reintegrationTimeout,
        OptionalLong reintegrationBandwidthKbps,
        long zoneBlockSizeBytes,
        long reintegrationPacketBytes,
        int namespacePolicy,
        Duration checkTime,
        Duration checkInterval,
        boolean scripts,
        Duration syncDelta,
        Optional<String> syncAt,
        Optional<String> flowLan,
        List<ReplicatedDir> replicated) {

    public RfsConfig {
        replicated = List.copyOf(replicated);
    }

    /** {@code async=}: "second" acks on receipt, "none" after the secondary's write. */
    public enum SyncMode { SECOND, NONE }

    /**
     * {@code <replicated>}.
     *
     * @param dir               normalized absolute path in the module's platform syntax
     * @param readOnly          {@code mode="read_only"}: read-only on the secondary
     * @param toCheck           relative files that must exist before replication starts
     * @param excludedPaths     {@code <notreplicated path>}, relative, normalized with '/'
     * @param excludedRegexes   {@code <notreplicated regexpath>}; a leading '!' means "replicate only matching"
     */
    public record ReplicatedDir(String dir, boolean readOnly, List<String> toCheck, List<String> excludedPaths,
                                List<String> excludedRegexes, ConfigLocation location) {
        public ReplicatedDir {
            toCheck = List.copyOf(toCheck);
            excludedPaths = List.copyOf(excludedPaths);
            excludedRegexes = List.copyOf(excludedRegexes);
        }
    }
}

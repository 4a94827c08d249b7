package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.duplex.config.ConfigLocation;

/**
 * {@code <heart>} (safekit-behaviour.md §2.2): the heartbeats between the two nodes.
 *
 * @param port        explicit UDP port; empty means 8888 + module id - 1
 * @param heartbeats  at least one; each with its effective pulse and timeout (timeout > pulse)
 */
public record HeartConfig(OptionalInt port, Duration pulse, Duration timeout, boolean permanentArp,
                          List<Heartbeat> heartbeats) {

    public static final Duration DEFAULT_PULSE = Duration.ofMillis(700);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(30_000);

    public HeartConfig {
        heartbeats = List.copyOf(heartbeats);
    }

    /**
     * One heartbeat on one network of {@code cluster.xml}.
     *
     * @param lan    the cluster.xml LAN name ({@code name=})
     * @param ident  display name and resource id {@code heartbeat.<ident>}; "flow" marks the
     *               network that also carries replication
     */
    public record Heartbeat(String lan, String ident, Duration pulse, Duration timeout, ConfigLocation location) {
        public boolean carriesReplication() {
            return "flow".equals(ident);
        }
    }

    /** The heartbeat whose network carries replication: ident "flow", else the first one. */
    public Heartbeat replicationHeartbeat() {
        return flowHeartbeat().orElse(heartbeats.getFirst());
    }

    public Optional<Heartbeat> flowHeartbeat() {
        return heartbeats.stream().filter(Heartbeat::carriesReplication).findFirst();
    }
}

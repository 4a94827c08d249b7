package org.duplex.node.heartbeat;

import java.util.HashSet;
import java.util.List;
import org.duplex.common.Check;

/**
 * What the heartbeat service needs to run.
 *
 * @param localNode this node's name, put in every heartbeat
 * @param peerNode the only sender accepted
 * @param module the module the heartbeats belong to
 * @param epoch this incarnation; must grow across restarts (e.g. wall-clock milliseconds at start,
 *     or a persisted counter), or the peer rejects our heartbeats as replays until its own restart
 * @param clusterKey the shared HMAC key (at least {@link HeartbeatCodec#KEY_BYTES_MIN} bytes)
 * @param networks one entry per configured heartbeat network
 */
public record HeartbeatConfig(String localNode, String peerNode, String module, long epoch, byte[] clusterKey,
        List<HeartbeatNetwork> networks) {
    public HeartbeatConfig {
        Check.argument(!localNode.equals(peerNode), "local and peer node must differ: %s", localNode);
        Check.argument(!networks.isEmpty(), "at least one heartbeat network is needed");
        Check.argument(networks.stream().map(HeartbeatNetwork::name).allMatch(new HashSet<>()::add),
                "heartbeat network names must be unique: %s", networks);
        networks = List.copyOf(networks);
        clusterKey = clusterKey.clone();
    }
}

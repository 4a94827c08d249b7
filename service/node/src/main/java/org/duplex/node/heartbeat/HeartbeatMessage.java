package org.duplex.node.heartbeat;

import java.util.Arrays;
import java.util.HexFormat;
import org.duplex.common.Check;

/**
 * One heartbeat as sent on one network. Everything here is covered by the HMAC.
 *
 * @param node the sender's node name
 * @param module the module the heartbeat belongs to
 * @param network the heartbeat network it was sent on (so a packet cannot be replayed on another)
 * @param epoch the sender's incarnation: strictly larger after every restart of its heartbeat
 *     service, so sequence numbers may start again
 * @param sequence strictly increasing within the epoch, one counter shared by all networks (so
 *     the newest state is recognisable whichever network delivers it first)
 * @param state the sender's announced state, opaque here (the owner encodes state, generation,
 *     remote resources)
 */
public record HeartbeatMessage(String node, String module, String network, long epoch, long sequence, byte[] state) {
    /** Upper bound of the announced state, so every heartbeat fits one unfragmented datagram. */
    public static final int STATE_BYTES_MAX = 1024;

    public HeartbeatMessage {
        Check.argument(!node.isEmpty() && !module.isEmpty() && !network.isEmpty(),
                "node, module and network must be non-empty: %s/%s/%s", node, module, network);
        Check.argument(state.length <= STATE_BYTES_MAX, "announced state is %d bytes, max %d",
                state.length, STATE_BYTES_MAX);
        state = state.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeartbeatMessage m && node.equals(m.node) && module.equals(m.module)
                && network.equals(m.network) && epoch == m.epoch && sequence == m.sequence
                && Arrays.equals(state, m.state);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(node, module, network, epoch, sequence) + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "HeartbeatMessage[" + node + "/" + module + " on " + network + " epoch " + epoch + " seq "
                + sequence + " state " + HexFormat.of().formatHex(state) + "]";
    }
}

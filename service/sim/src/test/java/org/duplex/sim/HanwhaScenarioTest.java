package org.duplex.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.duplex.engine.CommandKind;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.junit.jupiter.api.Test;

/**
 * The Hanwha SSM life cycle (hanwha-ssm-safekit-article.txt, safekit-behaviour.md §1.3-1.4) as a
 * readable transcript: first start on both nodes, the operator's {@code prim} on the node with the
 * good data, the peer joins as SECOND, the primary loses power, the survivor goes ALONE, the old
 * primary comes back as SECOND, then {@code swap}. Asserted as each node's INFO transition lines
 * and SafeKit's messages.
 */
class HanwhaScenarioTest {

    private final Simulator sim = new Simulator(42, SimOptions.calm(List.of("default", "flow"), false));
    private final SimNode n1 = sim.node(0);
    private final SimNode n2 = sim.node(1);

    private boolean pair(SimNode prim, SimNode second) {
        return prim.state() == State.PRIM && prim.qualifier() == Qualifier.READY
                && second.state() == State.SECOND && second.qualifier() == Qualifier.READY;
    }

    private List<String> transitionsOf(SimNode n) {
        return sim.transitions().stream().filter(l -> l.startsWith(n.name + ": ")).toList();
    }

    @Test
    void firstStartFailoverReintegrationAndSwap() {
        // 1. Both nodes start on an empty cluster: no node knows it has good data.
        sim.boot(n1, true);
        sim.boot(n2, true);
        sim.runFor(3000);
        assertThat(n1.state()).isEqualTo(State.WAIT);
        assertThat(n2.state()).isEqualTo(State.WAIT);
        assertThat(sim.engineLog()).contains(
                "n1 Action wait from failover rule rfs_notuptodate_server",
                "n1 Data may be not uptodate for replicated directories (wait for the start of the remote server)",
                "n1 If you are sure that this server has valid data, run safekit stop, then safekit prim to force start as primary");

        // 2. The operator runs prim on n1, which holds the database; n2 copies it and becomes SECOND.
        sim.command(n1, CommandKind.PRIM);
        assertThat(sim.runUntil(() -> pair(n1, n2), sim.now() + 10_000)).isTrue();

        // 3. n1 loses power: after the heartbeat timeout n2 takes over alone.
        sim.crash(n1);
        assertThat(sim.runUntil(() -> n2.state() == State.ALONE && n2.qualifier() == Qualifier.READY,
                sim.now() + 10_000)).isTrue();
        assertThat(sim.engineLog()).contains("n2 Resource heartbeat.default set to down by heart",
                "n2 Remote state UNKNOWN", "n2 Action alone called by heart: no heartbeat");

        // 4. n1 boots again: it is reintegrated as SECOND and n2 keeps the application as PRIM.
        sim.boot(n1, true);
        assertThat(sim.runUntil(() -> pair(n2, n1), sim.now() + 10_000)).isTrue();

        // 5. swap gives the roles back.
        sim.command(n2, CommandKind.SWAP);
        assertThat(sim.runUntil(() -> pair(n1, n2), sim.now() + 10_000)).isTrue();
        assertThat(sim.failure()).isNull();

        assertThat(transitionsOf(n1)).containsExactly(
                "n1: STOP(NotReady) -> WAIT(Transient) (start)",
                "n1: WAIT(Transient) -> WAIT(NotReady) (not uptodate)",
                "n1: WAIT(NotReady) -> ALONE(Transient) (prim command)",
                "n1: ALONE(Transient) -> ALONE(Ready) (start_prim done)",
                "n1: ALONE(Ready) -> PRIM(Transient) (remote SECOND ready)",
                "n1: PRIM(Transient) -> PRIM(Ready) (mirroring)",
                // power loss, reboot
                "n1: STOP(NotReady) -> WAIT(Transient) (start)",
                "n1: WAIT(Transient) -> SECOND(Transient) (joining primary n2)",
                "n1: SECOND(Transient) -> SECOND(Ready) (reintegration ended)",
                // swap
                "n1: SECOND(Ready) -> ALONE(Transient) (swap)",
                "n1: ALONE(Transient) -> ALONE(Ready) (start_prim done)",
                "n1: ALONE(Ready) -> PRIM(Transient) (remote SECOND ready)",
                "n1: PRIM(Transient) -> PRIM(Ready) (mirroring)");
        assertThat(transitionsOf(n2)).containsExactly(
                "n2: STOP(NotReady) -> WAIT(Transient) (start)",
                "n2: WAIT(Transient) -> WAIT(NotReady) (not uptodate)",
                "n2: WAIT(NotReady) -> SECOND(Transient) (joining primary n1)",
                "n2: SECOND(Transient) -> SECOND(Ready) (reintegration ended)",
                "n2: SECOND(Ready) -> ALONE(Transient) (no heartbeat)",
                "n2: ALONE(Transient) -> ALONE(Ready) (start_prim done)",
                "n2: ALONE(Ready) -> PRIM(Transient) (remote SECOND ready)",
                "n2: PRIM(Transient) -> PRIM(Ready) (mirroring)",
                "n2: PRIM(Ready) -> SECOND(Transient) (swap)",
                "n2: SECOND(Transient) -> SECOND(Ready) (reintegration ended)");
    }
}

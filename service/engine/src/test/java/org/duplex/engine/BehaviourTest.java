package org.duplex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Generations;
import org.junit.jupiter.api.Test;

/** SafeKit behaviours and the rules that go further, one engine at a time, peer scripted. */
class BehaviourTest {

    private static int index(List<Action> actions, Action a) {
        return actions.indexOf(a);
    }

    @Test
    void firstStartWaitsWithSafekitMessagesUntilPrim() {
        Harness h = Paths.waitNotReady();
        assertThat(h.engine.status().display()).isEqualTo("WAIT (NotReady)");
        assertThat(h.engine.status().colour()).isEqualTo(Colour.RED);
        assertThat(h.logs()).contains("Action wait from failover rule rfs_notuptodate_server",
                "Data may be not uptodate for replicated directories (wait for the start of the remote server)",
                "If you are sure that this server has valid data, run safekit stop, then safekit prim to force start as primary");
        h.command(CommandKind.PRIM);
        h.finishScripts();
        assertThat(h.engine.status().display()).isEqualTo("ALONE (Ready)");
        assertThat(h.engine.generations().hasData()).isTrue();
    }

    @Test
    void primIsRefusedAfterAnInterruptedResyncButPrimforceWorks() {
        Generations interrupted = Generations.none().startNew("n2", 1, false, State.ALONE).withResyncInProgress(true);
        Harness h = new Harness(Harness.config(), interrupted);
        h.command(CommandKind.PRIM);
        assertThat(h.engine.state()).isEqualTo(State.STOP);
        assertThat(h.logs()).contains("Data may be inconsistent for replicated directories (stopped during reintegration)")
                .anyMatch(l -> l.startsWith("Command prim refused"));
        h.command(CommandKind.PRIMFORCE);
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.ALONE);
        assertThat(h.engine.generations().resyncInProgress()).isFalse();
    }

    @Test
    void secondaryTakesOverAfterTheHeartbeatTimeoutWithANewGenerationPersistedBeforeWrites() {
        Harness h = Paths.second();
        assertThat(h.engine.generations().current()).isEqualTo(Paths.PEER_GEN);
        int from = h.actions.size();
        h.advance(1100); // heartbeat timeout 1000 ms in the test config
        h.finishScripts();
        List<Action> out = h.actions.subList(from, h.actions.size());
        assertThat(h.logs()).contains("Remote state UNKNOWN", "Action alone called by heart: no heartbeat");
        assertThat(h.engine.status().display()).isEqualTo("ALONE (Ready)");
        Generations g = h.engine.generations();
        assertThat(g.createdByFailover()).isTrue();
        assertThat(g.history()).startsWith(Paths.PEER_GEN);
        int persist = index(out, new Action.PersistGeneration(g));
        int rw = index(out, new Action.SetFilter(Action.FilterMode.READ_WRITE));
        assertThat(persist).isNotNegative().isLessThan(rw);
    }

    @Test
    void failoverOffMakesTheSurvivorWait() {
        Harness h = Paths.second();
        h.command(CommandKind.FAILOVER_OFF);
        h.advance(1100);
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.WAIT);
        assertThat(h.logs()).contains("Failover-off configured");
    }

    @Test
    void secondaryThatSawANewerGenerationNeverTakesOver() {
        Harness h = Paths.second();
        GenerationView newer = Harness.view(java.util.UUID.randomUUID(), Paths.PEER_GEN);
        h.peer(State.ALONE, Qualifier.TRANSIENT, false, newer);
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.WAIT);
        assertThat(h.logs()).contains("Action wait from failover rule degraded_server");
        h.advance(5000);
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.WAIT);
    }

    @Test
    void primaryLosingReplicationBlocksWritesUntilThePeerLetsGo() {
        Harness h = Paths.prim();
        GenerationView synced = GenerationView.of(h.engine.generations());
        h.step(new Event.ReplicationLost("sendtimeout"));
        assertThat(h.actions).contains(new Action.SetFilter(Action.FilterMode.WRITES_BLOCKED));
        assertThat(h.engine.generations().current()).isNotEqualTo(synced.current());
        // The secondary still announces SECOND(Ready): it could take over, so writes stay blocked.
        h.peer(State.SECOND, Qualifier.READY, false, synced);
        assertThat(h.engine.status().filter()).isEqualTo(Action.FilterMode.WRITES_BLOCKED);
        // It saw the new generation and went to WAIT: writes resume, ALONE.
        h.peer(State.WAIT, Qualifier.TRANSIENT, false, synced);
        h.finishScripts();
        assertThat(h.engine.status().filter()).isEqualTo(Action.FilterMode.READ_WRITE);
        assertThat(h.engine.status().display()).isEqualTo("ALONE (Ready)");
    }

    @Test
    void primaryWithAWitnessFencesBeforeTheSecondaryMayTakeOverAndStopsIfTheWitnessIsUnreachable() {
        Harness h = new Harness(Harness.config().withWitness(true), Generations.none());
        h.toAlone();
        GenerationView mine = GenerationView.of(h.engine.generations());
        h.peer(new Announcement(State.SECOND, Qualifier.TRANSIENT, false, Harness.empty(), false, false, true, true));
        h.step(new Event.ReplicationUp());
        h.peer(new Announcement(State.SECOND, Qualifier.READY, false,
                new GenerationView(mine.current(), mine.history(), false, State.SECOND, false), false, false, false, false));
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.PRIM);
        h.advance(499);
        assertThat(h.engine.status().filter()).isEqualTo(Action.FilterMode.READ_WRITE);
        h.advance(1); // fence delay 500 ms < heartbeat timeout 1000 ms
        assertThat(h.engine.status().filter()).isEqualTo(Action.FilterMode.WRITES_BLOCKED);
        Action.CheckWitness ask = (Action.CheckWitness) h.actions.stream()
                .filter(a -> a instanceof Action.CheckWitness).reduce((a, b) -> b).orElseThrow();
        h.step(new Event.WitnessResult(ask.requestId(), false));
        h.finishScripts();
        assertThat(h.engine.state()).isEqualTo(State.WAIT);
        assertThat(h.engine.status().filter()).isEqualTo(Action.FilterMode.UNMOUNTED);
        assertThat(h.logs()).contains("Action wait from failover rule splitbrain_failure");
    }

    @Test
    void splitBrainLoserBlocksWritesAtOnceAndRejoinsAsSecondReportingItsData() {
        GenerationView other = Harness.view(java.util.UUID.randomUUID());
        // Both diverged generations were started by primaries (not failovers): the smaller name keeps
        // its data, so node "n3" loses against "n2".
        Harness loser = new Harness(EngineConfig.safekitDefaults("n3", "n2").withTimings(1000, 500, 1000, 500),
                Generations.none().startNew("n3", 1, false, State.ALONE).withCleanStop(true));
        loser.command(CommandKind.START);
        loser.finishScripts();
        loser.advance(1500);
        assertThat(loser.engine.state()).isEqualTo(State.ALONE);
        List<Action> out = loser.peer(new Announcement(State.ALONE, Qualifier.READY, true,
                new GenerationView(other.current(), List.of(), false, State.ALONE, false), false, false, false, false));
        assertThat(loser.logs()).contains("Split brain recovery: exiting alone");
        assertThat(out).contains(new Action.SetFilter(Action.FilterMode.WRITES_BLOCKED));
        loser.finishScripts();
        loser.peer(State.ALONE, Qualifier.READY, true, new GenerationView(other.current(), List.of(), false, State.ALONE, false));
        assertThat(loser.engine.state()).isEqualTo(State.SECOND);
        assertThat(loser.actions).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.ReportSplitBrain.class,
                r -> assertThat(r.thisNodeIsTarget()).isTrue()));
        assertThat(loser.actions).contains(new Action.StartResync(Action.Role.TARGET, Action.ResyncMode.FULL));
    }

    @Test
    void maxloopStopsTheModuleAfterTooManyAutomaticRestarts() {
        Harness h = new Harness().toAlone();
        for (int i = 0; i < 4; i++) {
            h.step(new Event.ResourceChanged("proc.app", false, Event.CheckerAction.RESTART));
            h.finishScripts();
        }
        assertThat(h.logs()).contains("Action stop called by maxloop");
        assertThat(h.engine.state()).isEqualTo(State.STOP);
    }

    @Test
    void lqCodesAreSafekits() {
        assertThat(List.of(State.values()).stream().map(State::lqCode)).containsExactly(0, 1, 2, 3, 4);
    }
}

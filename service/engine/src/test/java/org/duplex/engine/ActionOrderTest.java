package org.duplex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of actions is part of the contract with the driver (style rule R5). */
class ActionOrderTest {

    private static int indexOf(List<Action> actions, java.util.function.Predicate<Action> p) {
        for (int i = 0; i < actions.size(); i++) {
            if (p.test(actions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean script(Action a, String name) {
        return a instanceof Action.RunScript r && r.name().equals(name);
    }

    @Test
    void goingAlonePersistsTheNewGenerationThenMountsThenSetsTheVipBeforeStartPrim() {
        Harness h = new Harness();
        h.command(CommandKind.START);
        h.finishScripts();
        h.advance(1500);
        List<Action> out = new ArrayList<>(h.command(CommandKind.PRIM));
        out.addAll(h.finishScripts());
        int persist = indexOf(out, a -> a instanceof Action.PersistGeneration p && p.generations().hasData());
        int mount = indexOf(out, a -> a.equals(new Action.SetFilter(Action.FilterMode.READ_WRITE)));
        int vip = indexOf(out, a -> a.equals(new Action.SetVip(true)));
        int startPrim = indexOf(out, a -> script(a, "start_prim"));
        assertThat(persist).isGreaterThanOrEqualTo(0);
        assertThat(persist).isLessThan(mount);
        assertThat(mount).isLessThan(vip);
        assertThat(vip).isLessThan(startPrim);
        assertThat(h.engine.state()).isEqualTo(State.ALONE);
        assertThat(h.engine.qualifier()).isEqualTo(Qualifier.READY);
    }

    @Test
    void stoppingRemovesTheVipBeforeStopPrimAndUnmountsOnlyAfterIt() {
        Harness h = new Harness().toAlone();
        List<Action> out = new ArrayList<>(h.command(CommandKind.STOP));
        out.addAll(h.finishScripts());
        int vipOff = indexOf(out, a -> a.equals(new Action.SetVip(false)));
        int stopPrim = indexOf(out, a -> script(a, "stop_prim"));
        int unmount = indexOf(out, a -> a.equals(new Action.SetFilter(Action.FilterMode.UNMOUNTED)));
        int poststop = indexOf(out, a -> script(a, "poststop"));
        assertThat(vipOff).isGreaterThanOrEqualTo(0).isLessThan(stopPrim);
        assertThat(stopPrim).isLessThan(unmount);
        assertThat(unmount).isLessThan(poststop);
        assertThat(h.engine.state()).isEqualTo(State.STOP);
        assertThat(h.engine.generations().cleanStop()).isTrue();
    }

    @Test
    void aStopScriptThatOverrunsIsKilledAndCalledAgainWithForce() {
        Harness h = new Harness().toAlone();
        h.command(CommandKind.STOP);
        Action.RunScript first = h.nextScript();
        assertThat(first.name()).isEqualTo("stop_sec");
        h.now += 500; // nicestoptimeout of the test config
        List<Action> out = h.step(new Event.TimerFired(Event.TimerKind.SCRIPT));
        assertThat(out).contains(new Action.KillScript(first.runId(), "stop_sec"));
        assertThat(out).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.RunScript.class,
                r -> assertThat(r.args()).containsExactly("force", "ALONE", "WAIT", "stop")));
    }

    @Test
    void scriptsGetSafekitArgumentsCurrentNextAction() {
        Harness h = new Harness();
        List<Action> out = h.command(CommandKind.START);
        assertThat(out).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.RunScript.class,
                r -> assertThat(r.args()).containsExactly("STOP", "WAIT", "start")));
    }
}

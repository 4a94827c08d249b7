package org.duplex.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.duplex.engine.generation.GenerationView;
import org.duplex.engine.generation.Generations;

/** Drives one engine by hand in tests: a clock, scripts that succeed when told, a scripted peer. */
final class Harness {
    final Engine engine;
    long now;
    final List<Action> actions = new ArrayList<>();
    private final Deque<Action.RunScript> scripts = new ArrayDeque<>();
    private long peerSent;

    Harness(EngineConfig cfg, Generations gen) {
        engine = new Engine(cfg, gen);
    }

    Harness() {
        this(config(), Generations.none());
    }

    static EngineConfig config() {
        return EngineConfig.safekitDefaults("n1", "n2").withTimings(1000, 500, 1000, 500);
    }

    List<Action> step(Event e) {
        List<Action> out = engine.step(e, now);
        actions.addAll(out);
        for (Action a : out) {
            if (a instanceof Action.RunScript r) {
                scripts.add(r);
            }
        }
        return out;
    }

    List<Action> command(CommandKind c) {
        return step(Event.Command.admin(c));
    }

    /** Completes every script the engine starts, in order, until it starts no more. */
    List<Action> finishScripts() {
        List<Action> out = new ArrayList<>();
        while (!scripts.isEmpty()) {
            Action.RunScript r = scripts.poll();
            out.addAll(step(new Event.ScriptFinished(r.runId(), 0)));
        }
        return out;
    }

    Action.RunScript nextScript() {
        return scripts.peek();
    }

    void advance(long ms) {
        now += ms;
        step(new Event.TimerFired(Event.TimerKind.HEARTBEAT));
    }

    /** A fresh heartbeat from the peer on "default" that echoes our current time. */
    List<Action> peer(State s, Qualifier q, boolean writable, GenerationView g) {
        return peer(new Announcement(s, q, writable, g, false, false, false, false));
    }

    List<Action> peer(Announcement a) {
        peerSent += 10;
        return step(new Event.Heartbeat("default", peerSent, now, a));
    }

    static GenerationView view(UUID current, UUID... history) {
        return new GenerationView(current, List.of(history), false, State.SECOND, false);
    }

    static GenerationView empty() {
        return new GenerationView(null, List.of(), false, State.STOP, false);
    }

    List<String> logs() {
        return actions.stream().filter(a -> a instanceof Action.Log).map(a -> ((Action.Log) a).message()).toList();
    }

    /** Brings the engine to ALONE(Ready) by the first-start path: start, peer silent, prim. */
    Harness toAlone() {
        command(CommandKind.START);
        finishScripts();
        advance(1500);
        command(CommandKind.PRIM);
        finishScripts();
        return this;
    }
}

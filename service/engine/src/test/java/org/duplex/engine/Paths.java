package org.duplex.engine;

import java.util.List;
import java.util.UUID;
import org.duplex.engine.generation.GenerationView;

/** Brings a {@link Harness} to each state through the normal paths, with a scripted peer n2. */
final class Paths {
    static final UUID PEER_GEN = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    private Paths() {}

    static Harness in(State s) {
        return switch (s) {
            case STOP -> new Harness();
            case WAIT -> waitNotReady();
            case ALONE -> new Harness().toAlone();
            case PRIM -> prim();
            case SECOND -> second();
        };
    }

    static Harness waitNotReady() {
        Harness h = new Harness();
        h.command(CommandKind.START);
        h.finishScripts();
        h.advance(1500);
        return h;
    }

    /** n1 ALONE, n2 joins and completes its resync: n1 PRIM(Ready). */
    static Harness prim() {
        Harness h = new Harness().toAlone();
        GenerationView mine = GenerationView.of(h.engine.generations());
        GenerationView none = Harness.empty();
        h.peer(new Announcement(State.SECOND, Qualifier.TRANSIENT, false, none, false, false, true, true));
        h.step(new Event.ReplicationUp());
        h.peer(new Announcement(State.SECOND, Qualifier.READY, false,
                new GenerationView(mine.current(), mine.history(), false, State.SECOND, false),
                false, false, false, false));
        h.finishScripts();
        return h;
    }

    /** n1 starts and joins n2, which is ALONE: n1 SECOND(Ready) holding PEER_GEN. */
    static Harness second() {
        Harness h = new Harness();
        h.command(CommandKind.START);
        h.peer(State.ALONE, Qualifier.READY, true, primaryView());
        h.finishScripts();
        h.peer(State.ALONE, Qualifier.READY, true, primaryView());
        h.step(new Event.ReplicationUp());
        h.step(new Event.ResyncDone(PEER_GEN, List.of(), false));
        return h;
    }

    static GenerationView primaryView() {
        return new GenerationView(PEER_GEN, List.of(), false, State.ALONE, false);
    }
}

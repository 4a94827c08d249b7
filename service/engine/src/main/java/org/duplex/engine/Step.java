package org.duplex.engine;

/**
 * One step of a transition plan. A plan is the ordered work of one move (e.g. WAIT -> ALONE:
 * persist, mount, VIP, scripts); the engine runs it one step per event, waiting on scripts and
 * gates, so a plan spans several {@link Engine#step} calls while the state shows Transient.
 */
sealed interface Step {

    /** Run a script and wait for it; {@code stop} scripts get a forced second call when they overrun. */
    record Script(String name, State next, String action, boolean force, boolean stop) implements Step {}

    /** Emit actions or update the engine at once (closures over the engine, pure). */
    record Run(String what, Runnable body) implements Step {}

    /** Wait until the peer can no longer take over (the ALONE gate, see {@link Engine}). */
    record Gate() implements Step {}
}

package org.duplex.engine;

import org.duplex.engine.generation.Generations;

/** A read-only snapshot of the engine for the CLI ({@code state}), the console and tests. */
public record EngineStatus(
        State state,
        Qualifier qualifier,
        Colour colour,
        int resyncPercent,
        Action.FilterMode filter,
        boolean vip,
        boolean failoverOn,
        Generations generations,
        boolean transitionInProgress) {

    /** SafeKit's display form, e.g. {@code ALONE (Ready)}. */
    public String display() {
        return state + " (" + qualifier.display() + ")";
    }
}

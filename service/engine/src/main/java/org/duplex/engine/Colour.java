package org.duplex.engine;

/** The console colour of a (state, qualifier) pair, exactly as SafeKit's table (safekit-behaviour.md §1.1). */
public enum Colour {
    RED,
    ORANGE,
    GREEN;

    /** STOP and WAIT(NotReady) are red, anything Transient is orange, Ready is green. */
    public static Colour of(State state, Qualifier qualifier) {
        if (state == State.STOP) {
            return RED;
        }
        return switch (qualifier) {
            case NOT_READY -> RED;
            case TRANSIENT -> ORANGE;
            case READY -> state == State.WAIT ? RED : GREEN;
        };
    }
}

package org.duplex.engine;

/** The qualifier SafeKit shows next to the state: NotReady, Transient or Ready (safekit-behaviour.md §1.1). */
public enum Qualifier {
    NOT_READY("NotReady"),
    TRANSIENT("Transient"),
    READY("Ready");

    private final String display;

    Qualifier(String display) {
        this.display = display;
    }

    /** The word SafeKit displays, e.g. {@code NotReady}. */
    public String display() {
        return display;
    }
}

package org.duplex.engine;

/**
 * The module's main state, with SafeKit's names verbatim (safekit-behaviour.md §1.1): console,
 * scripts and logs speak the same words. {@link #lqCode()} is the exit code of {@code state -lq}.
 */
public enum State {
    STOP(0),
    WAIT(1),
    ALONE(2),
    PRIM(3),
    SECOND(4);

    private final int lqCode;

    State(int lqCode) {
        this.lqCode = lqCode;
    }

    /** The exit code of {@code duplex state -lq}: STOP=0 WAIT=1 ALONE=2 PRIM=3 SECOND=4. */
    public int lqCode() {
        return lqCode;
    }

    /** ALONE or PRIM: the roles that run the application and may accept writes. */
    public boolean isPrimary() {
        return this == ALONE || this == PRIM;
    }
}

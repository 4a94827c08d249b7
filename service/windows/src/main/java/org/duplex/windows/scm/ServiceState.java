package org.duplex.windows.scm;

/**
 * The states of a Windows service as the Service Control Manager reports them
 * ({@code SERVICE_STATUS.dwCurrentState}), plus {@link #NOT_INSTALLED} for a name the SCM does not know.
 */
public enum ServiceState {
    STOPPED(1),
    START_PENDING(2),
    STOP_PENDING(3),
    RUNNING(4),
    CONTINUE_PENDING(5),
    PAUSE_PENDING(6),
    PAUSED(7),
    NOT_INSTALLED(0);

    /** The Win32 {@code SERVICE_*} constant, 0 for {@link #NOT_INSTALLED}. */
    public final int win32;

    ServiceState(int win32) {
        this.win32 = win32;
    }

    /** True for the {@code *_PENDING} states, during which the SCM refuses most controls. */
    public boolean isPending() {
        return this == START_PENDING || this == STOP_PENDING || this == CONTINUE_PENDING || this == PAUSE_PENDING;
    }

    /** Maps {@code dwCurrentState}; an unknown value is a bug in the binding, not an operating error. */
    public static ServiceState fromWin32(int value) {
        for (ServiceState s : values()) {
            if (s.win32 == value && s != NOT_INSTALLED) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown SERVICE_STATUS.dwCurrentState " + value);
    }
}

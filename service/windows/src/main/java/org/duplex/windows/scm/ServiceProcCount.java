package org.duplex.windows.scm;

/**
 * errd's view of {@code <proc name="postgresql-x64-13" service="yes" atleast="1">} on Windows: how
 * many instances of the "process" exist, where the process is a Windows service asked through the
 * SCM instead of found in the process table.
 *
 * <p>A service counts as 1 while its process is there and not on its way out: RUNNING, the
 * starting and resuming states, and PAUSED (paused is a deliberate operator state, not a crash).
 * STOPPED, STOP_PENDING and a service that is not installed count 0, so {@code atleast="1"}
 * fires the proc's action (restart, stopstart...) exactly when the service died or was stopped
 * behind Duplex's back.
 */
public final class ServiceProcCount {
    private final ServiceControl scm;

    public ServiceProcCount(ServiceControl scm) {
        this.scm = scm;
    }

    public int count(String serviceName) {
        return switch (scm.query(serviceName)) {
            case RUNNING, START_PENDING, CONTINUE_PENDING, PAUSE_PENDING, PAUSED -> 1;
            case STOPPED, STOP_PENDING, NOT_INSTALLED -> 0;
        };
    }
}

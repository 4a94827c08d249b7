package org.duplex.windows.scm;

/**
 * The few Service Control Manager operations Duplex needs: {@code errd} checks
 * {@code <proc service="yes">}, module scripts' {@code net start}/{@code net stop} equivalents, and
 * the {@code safekit} compatibility command. The real implementation is {@link JnaServiceControl}
 * (Windows only); tests use an in-memory fake.
 *
 * <p>Both {@link #requestStart} and {@link #requestStop} only ask: the SCM answers at once and the
 * service moves through a pending state. {@link ServiceWaiter} turns that into "wait until RUNNING
 * or give up at a deadline".
 */
public interface ServiceControl {

    /** Current state; {@link ServiceState#NOT_INSTALLED} when no service has this name. */
    ServiceState query(String serviceName);

    /**
     * Asks the SCM to start the service. A service that is already running or starting is not an
     * error (scripts start services that may already run).
     *
     * @throws ServiceControlException with the Win32 error when the SCM refuses
     */
    void requestStart(String serviceName);

    /** Asks the SCM to stop the service; already stopped or stopping is not an error. */
    void requestStop(String serviceName);
}

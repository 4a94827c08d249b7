package org.duplex.windows.scm;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

import org.duplex.common.Check;

/**
 * Start or stop a service and wait, with a deadline, until it reaches the wanted state: what
 * {@code net start NAME} does, and what errd's restart action and the scripts' helpers need.
 *
 * <p>The clock and the pause between polls are injected so the waiting logic is tested without
 * real time; the SCM itself offers no blocking wait (only {@code NotifyServiceStatusChange}, which
 * needs an alertable thread), so polling at {@code pollInterval} is what {@code net.exe} does too.
 */
public final class ServiceWaiter {
    /** Sleeps between polls; production passes {@code Thread::sleep}. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** How a wait ended. */
    public record Outcome(boolean reached, ServiceState lastState, Duration waited) {}

    private final ServiceControl scm;
    private final LongSupplier nanoClock;
    private final Pause pause;
    private final Duration pollInterval;

    public ServiceWaiter(ServiceControl scm, LongSupplier nanoClock, Pause pause, Duration pollInterval) {
        Check.argument(!pollInterval.isNegative() && !pollInterval.isZero(), "pollInterval must be > 0: %s", pollInterval);
        this.scm = scm;
        this.nanoClock = nanoClock;
        this.pause = pause;
        this.pollInterval = pollInterval;
    }

    /** Production wiring: the real clock and {@code Thread.sleep}, polling every 250 ms. */
    public static ServiceWaiter real(ServiceControl scm) {
        return new ServiceWaiter(scm, System::nanoTime, d -> Thread.sleep(d.toMillis()), Duration.ofMillis(250));
    }

    /** Requests a start (unless already running) and waits for RUNNING; a STOPPED after START_PENDING means it failed. */
    public Outcome start(String name, Duration timeout) throws InterruptedException {
        ServiceState now = scm.query(name);
        if (now == ServiceState.NOT_INSTALLED || now == ServiceState.RUNNING) {
            return new Outcome(now == ServiceState.RUNNING, now, Duration.ZERO);
        }
        if (now == ServiceState.STOP_PENDING) {
            // The SCM refuses a start while the service is still stopping (ERROR_SERVICE_CANNOT_ACCEPT_CTRL).
            Outcome stopped = waitFor(name, Set.of(ServiceState.STOPPED), timeout);
            if (!stopped.reached()) {
                return stopped;
            }
        }
        if (now != ServiceState.START_PENDING) {
            scm.requestStart(name);
        }
        return waitFor(name, Set.of(ServiceState.RUNNING), timeout);
    }

    /** Requests a stop (unless already stopped) and waits for STOPPED. */
    public Outcome stop(String name, Duration timeout) throws InterruptedException {
        ServiceState now = scm.query(name);
        if (now == ServiceState.NOT_INSTALLED || now == ServiceState.STOPPED) {
            return new Outcome(now == ServiceState.STOPPED, now, Duration.ZERO);
        }
        if (now != ServiceState.STOP_PENDING) {
            scm.requestStop(name);
        }
        return waitFor(name, Set.of(ServiceState.STOPPED), timeout);
    }

    /**
     * Polls until the state is one of {@code wanted}, the deadline passes, or the service settles in
     * a state that can no longer become {@code wanted} without another request (e.g. it fell back
     * to STOPPED while we wait for RUNNING: a service that failed at start).
     */
    public Outcome waitFor(String name, Set<ServiceState> wanted, Duration timeout) throws InterruptedException {
        long start = nanoClock.getAsLong();
        long deadline = start + timeout.toNanos();
        boolean sawPending = false;
        while (true) {
            ServiceState s = scm.query(name);
            Duration waited = Duration.ofNanos(nanoClock.getAsLong() - start);
            if (wanted.contains(s)) {
                return new Outcome(true, s, waited);
            }
            if (s == ServiceState.NOT_INSTALLED || (sawPending && !s.isPending())) {
                return new Outcome(false, s, waited);
            }
            sawPending |= s.isPending();
            if (nanoClock.getAsLong() - deadline >= 0) {
                return new Outcome(false, s, waited);
            }
            pause.pause(pollInterval);
        }
    }
}

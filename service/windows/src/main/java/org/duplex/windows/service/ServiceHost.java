package org.duplex.windows.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of the Windows service under procrun's JVM mode.
 *
 * <pre>
 *   NEW --start()--> RUNNING --requestStop()--> STOPPING --body stopped--> STOPPED
 *    |                  |
 *    |                  +--fatal()--> STOPPING --> FAILED (process exits non-zero)
 *    +--body.start threw--> FAILED
 * </pre>
 *
 * <p>Procrun's contract (Commons Daemon docs, "jvm" mode): it calls the static start method on a
 * thread of its own and the service stays RUNNING while that method has not returned; it calls the
 * stop method on another thread when the SCM sends STOP (or the machine shuts down). So
 * {@link #run} blocks until a stop is requested, and {@link #requestStop} waits, bounded, for the
 * body to finish its clean stop. A fatal error ends the JVM with status 1: procrun then reports the
 * service as failed and the SCM's recovery actions (restart) apply, which a plain return would not
 * trigger.
 */
public final class ServiceHost {
    private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

    public enum Phase { NEW, RUNNING, STOPPING, STOPPED, FAILED }

    /** Ends the process; production passes {@code System::exit}. */
    @FunctionalInterface
    public interface Exit {
        void exit(int status);
    }

    private final ServiceBody body;
    private final Exit exit;
    private final Duration stopTimeout;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String fatalReason;

    public ServiceHost(ServiceBody body, Exit exit, Duration stopTimeout) {
        this.body = body;
        this.exit = exit;
        this.stopTimeout = stopTimeout;
    }

    public Phase phase() {
        return phase.get();
    }

    /** Procrun's start method: starts the body, then blocks until a stop is requested or a fatal error. */
    public void run(String[] args) throws Exception {
        if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
            throw new IllegalStateException("service host already started (phase " + phase.get() + ")");
        }
        try {
            log.info("service: starting Duplex");
            body.start(args, this::fatal);
        } catch (Exception | Error e) {
            log.error("service: Duplex failed to start: {}", e.toString(), e);
            phase.set(Phase.FAILED);
            finished.countDown();
            throw e;
        }
        log.info("service: Duplex running");
        stopRequested.await();
        phase.compareAndSet(Phase.RUNNING, Phase.STOPPING);
        try {
            body.stop();
            log.info("service: Duplex stopped");
        } catch (Exception e) {
            log.error("service: clean stop failed: {}", e.toString(), e);
            fatalReason = fatalReason == null ? "clean stop failed: " + e : fatalReason;
        }
        phase.set(fatalReason == null ? Phase.STOPPED : Phase.FAILED);
        finished.countDown();
        if (fatalReason != null) {
            exit.exit(1);
        }
    }

    /**
     * Procrun's stop method: asks {@link #run} to stop the body and waits up to the stop timeout.
     *
     * @return true when the body stopped within the timeout
     */
    public boolean requestStop() throws InterruptedException {
        log.info("service: stop requested");
        stopRequested.countDown();
        return finished.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fatal(String reason, Throwable cause) {
        log.error("service: fatal error, stopping so the SCM restarts the service: {}", reason, cause);
        if (fatalReason == null) {
            fatalReason = reason;
        }
        stopRequested.countDown();
    }
}

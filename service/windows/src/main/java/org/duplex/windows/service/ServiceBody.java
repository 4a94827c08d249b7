package org.duplex.windows.service;

/**
 * What the Windows service runs: the Duplex node daemon, seen from the service host. The daemon
 * (service/node) implements it; {@link ServiceHost} calls it from procrun's threads.
 */
public interface ServiceBody {

    /**
     * Starts the daemon's threads and returns; throwing means the service failed to start (the SCM
     * then shows the service as stopped with an error and applies its recovery actions).
     *
     * @param args procrun's {@code --StartParams}
     * @param fatal call it from any thread when the daemon cannot go on (an invariant broke): the
     *              host stops the service with a failure exit so the SCM's recovery restarts it
     */
    void start(String[] args, FatalHandler fatal) throws Exception;

    /** Stops modules cleanly (stop scripts, unmount, flush) and returns when done. */
    void stop() throws Exception;

    /** Reports a failure that must end the service. */
    @FunctionalInterface
    interface FatalHandler {
        void fatal(String reason, Throwable cause);
    }
}

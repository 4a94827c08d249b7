package org.duplex.resync.source;

/**
 * A snapshot of a running (or finished) reintegration, for the CLI and console.
 *
 * @param bytesDone     bytes compared or sent so far
 * @param bytesTotal    bytes to compare or send in all (known once planning is done)
 * @param bytesSent     resync payload bytes sent to the target
 * @param rateBytesPerSecond average over the run so far
 * @param etaSeconds    -1 when unknown
 */
public record ResyncProgress(String runId, Phase phase, long bytesDone, long bytesTotal, long bytesSent,
                             long filesDone, long filesTotal, long rateBytesPerSecond, long etaSeconds) {

    public enum Phase { IDLE, PLANNING, NAMESPACE, TRANSFER, FINISHING, DONE, FAILED }

    public static ResyncProgress idle() {
        return new ResyncProgress("", Phase.IDLE, 0, 0, 0, 0, 0, 0, -1);
    }
}

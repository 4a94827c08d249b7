package org.duplex.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fault mix of one simulation run, drawn from its seed ("swarm testing", TigerBeetle's VOPR):
 * each seed turns some faults up and others off, so rare combinations get exercised.
 *
 * <p>Timing bounds the engine relies on (see EngineConfig): pulse + max delay + max disk stall
 * must stay under heartbeat timeout - fence delay. Here: 100 + 120 + 100 < 1000 - 500.
 */
record SimOptions(
        List<String> networks,
        boolean witnessConfigured,
        String defaultPrim,
        double dropRate,
        double duplicateRate,
        long maxDelayMs,
        double partitionRate,
        double replicationBreakRate,
        double crashRate,
        double scriptFailRate,
        double scriptHangRate,
        double slowDiskRate,
        double fullDiskRate,
        double appCrashRate,
        double commandRate,
        long faultPhaseMs) {

    static final long PULSE_MS = 100;
    static final long HEARTBEAT_TIMEOUT_MS = 1000;
    static final long FENCE_DELAY_MS = 500;
    static final long MAX_DISK_STALL_MS = 100;
    static final long WITNESS_LATENCY_MS = 80;

    static SimOptions swarm(SplittableRandom rnd) {
        List<String> nets = rnd.nextBoolean() ? List.of("default") : List.of("default", "flow");
        String defaultPrim = switch (rnd.nextInt(4)) {
            case 0 -> "lastprim";
            case 1 -> "n2";
            default -> "alone";
        };
        return new SimOptions(nets, rnd.nextBoolean(), defaultPrim,
                maybe(rnd, 0.2), maybe(rnd, 0.05), 1 + rnd.nextInt(120),
                maybe(rnd, 0.4), maybe(rnd, 0.1), maybe(rnd, 0.1),
                maybe(rnd, 0.05), maybe(rnd, 0.02), maybe(rnd, 0.2), maybe(rnd, 0.05),
                maybe(rnd, 0.1), maybe(rnd, 0.3), 20_000);
    }

    /** No faults at all: scenario transcripts. */
    static SimOptions calm(List<String> networks, boolean witness) {
        return new SimOptions(networks, witness, "alone", 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Half the seeds leave a given fault off entirely; the others draw a rate up to {@code max} (per second). */
    private static double maybe(SplittableRandom rnd, double max) {
        return rnd.nextBoolean() ? 0 : rnd.nextDouble() * max;
    }
}

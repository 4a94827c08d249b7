package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code <errd>} (safekit-behaviour.md §2.7): process monitoring. */
public record ErrdConfig(Duration pollTimer, List<ProcMonitor> procs) {
    public static final Duration DEFAULT_POLL_TIMER = Duration.ofSeconds(30);

    public ErrdConfig {
        procs = List.copyOf(procs);
    }

    /**
     * {@code <proc>}: between {@code atLeast} and {@code atMost} (-1: unbounded) processes must run.
     *
     * @param handler     set when {@code action} is {@link RecoveryAction#HANDLER}: the executable to run
     * @param procClass   prim, both, pre, second, sec or a custom class name
     * @param startAfter  monitoring starts (startAfter - 1) poll periods after the class is enabled
     */
    public record ProcMonitor(String name, boolean service, Optional<String> nameRegex, Optional<String> argRegex,
                              int atLeast, int atMost, RecoveryAction action, Optional<String> handler,
                              String procClass, int startAfter, List<String> restartServices) {
        public ProcMonitor {
            restartServices = List.copyOf(restartServices);
        }
    }
}

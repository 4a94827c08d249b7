package org.duplex.config.module;

import java.time.Duration;
import java.util.List;

/**
 * {@code <failover>} (safekit-behaviour.md §2.9). The rules are kept as written, one entry per
 * CDATA or text block; interpreting them is the engine's job.
 *
 * @param extendsDefaults  false: the rules replace SafeKit's default rules
 * @param handleTime       a rule's action must hold this long before it runs
 */
public record FailoverConfig(boolean extendsDefaults, Duration period, Duration handleTime, List<String> ruleBlocks) {
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(5000);
    public static final Duration DEFAULT_HANDLE_TIME = Duration.ofMillis(15_000);

    public FailoverConfig {
        ruleBlocks = List.copyOf(ruleBlocks);
    }
}

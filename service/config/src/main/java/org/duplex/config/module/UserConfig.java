package org.duplex.config.module;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * {@code <user>} (safekit-behaviour.md §2.5). Without it no script runs.
 *
 * @param niceStopTimeout   time a graceful stop script gets before the force call
 * @param forceStopTimeout  time the {@code force} stop call gets
 * @param userLog           script output kept in the application log ({@code logging="userlog"})
 * @param vars              {@code <var>}s, exported to every script, in file order
 */
public record UserConfig(Duration niceStopTimeout, Duration forceStopTimeout, boolean userLog,
                         long userLogSizeKb, SequencedMap<String, String> vars) {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(300);

    public UserConfig {
        vars = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(vars));
    }
}

package org.duplex.config.module;

import java.time.Duration;
import java.util.Optional;
import org.duplex.config.ConfigLocation;

/**
 * {@code <service>} attributes (safekit-behaviour.md §2.1): how the module starts and how often
 * automatic recovery may loop.
 *
 * @param failover      automatic failover ({@code failover="on"}, the default)
 * @param maxloop       recoveries (restart, stopstart, wait) allowed within {@code loopInterval}
 * @param loopInterval  window of {@code maxloop}; zero disables the limit
 * @param location      where {@code <service>} is, for errors found later (e.g. against cluster.xml)
 */
public record ServiceConfig(
        Boot boot,
        Duration bootDelay,
        boolean failover,
        DefaultPrim defaultPrim,
        int maxloop,
        Duration loopInterval,
        boolean automaticReboot,
        ConfigLocation location) {

    /** {@code boot=}: start the module when the OS boots. */
    public enum Boot { OFF, ON, AUTO, IGNORE }

    /** {@code defaultprim=}: which node should be primary after a resync. */
    public record DefaultPrim(Kind kind, Optional<String> server) {
        public enum Kind {
            /** Keep whoever is primary (the default). */
            ALONE,
            /** Prefer the node that was last primary. */
            LASTPRIM,
            /** Prefer the named server: swap back to it once it is in sync. */
            SERVER
        }

        public static DefaultPrim parse(String value) {
            return switch (value) {
                case "alone" -> new DefaultPrim(Kind.ALONE, Optional.empty());
                case "lastprim" -> new DefaultPrim(Kind.LASTPRIM, Optional.empty());
                default -> new DefaultPrim(Kind.SERVER, Optional.of(value));
            };
        }
    }
}

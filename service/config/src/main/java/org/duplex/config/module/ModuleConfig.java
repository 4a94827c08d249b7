package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplex.config.Platform;

/**
 * A module's {@code userconfig.xml}, validated and macro-expanded: everything the engine and the
 * drivers read about one mirror module. Immutable.
 *
 * @param macros  the {@code <macro>}s as declared (values already expanded into the rest)
 */
public record ModuleConfig(
        Platform platform,
        ServiceConfig service,
        HeartConfig heart,
        Optional<VipConfig> vip,
        RfsConfig rfs,
        Optional<UserConfig> user,
        Optional<ErrdConfig> errd,
        List<Checker> checkers,
        Optional<FailoverConfig> failover,
        Map<String, String> macros) {

    public ModuleConfig {
        checkers = List.copyOf(checkers);
        macros = Map.copyOf(macros);
    }

    // Shortcuts for the engine: the values it needs, with SafeKit's defaults already applied.

    public boolean failoverEnabled() {
        return service.failover();
    }

    public ServiceConfig.DefaultPrim defaultPrim() {
        return service.defaultPrim();
    }

    public int maxloop() {
        return service.maxloop();
    }

    public Duration loopInterval() {
        return service.loopInterval();
    }

    public RfsConfig.SyncMode syncMode() {
        return rfs.syncMode();
    }

    /** Scripts run only when {@code <user>} is present (SafeKit rule). */
    public boolean scriptsEnabled() {
        return user.isPresent();
    }

    public Duration niceStopTimeout() {
        return user.map(UserConfig::niceStopTimeout).orElse(UserConfig.DEFAULT_STOP_TIMEOUT);
    }

    public Duration forceStopTimeout() {
        return user.map(UserConfig::forceStopTimeout).orElse(UserConfig.DEFAULT_STOP_TIMEOUT);
    }

    /** {@code <user><var>}s, the environment added to every script. */
    public Map<String, String> scriptVariables() {
        return user.<Map<String, String>>map(UserConfig::vars).orElse(Map.of());
    }
}

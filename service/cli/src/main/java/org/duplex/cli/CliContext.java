package org.duplex.cli;

import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.paths.ModuleNames;
import org.duplex.config.store.ModuleStore;

/** What the module and log verbs share: the environment, Duplex's roots, the module store. */
final class CliContext {
    private final Map<String, String> environment;

    CliContext(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    DuplexPaths paths() {
        return DuplexPaths.fromEnvironment(environment, Platform.current());
    }

    ModuleStore store(Platform platform) {
        return new ModuleStore(paths(), platform, environment);
    }

    /** {@code -m NAME}, else {@code SAFEMODULE} (set for scripts), as SafeKit's commands do. */
    String module(String option) {
        String name = option != null ? option : environment.get("SAFEMODULE");
        if (name == null || name.isBlank()) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "no module given: use -m NAME (or set SAFEMODULE)");
        }
        if (!ModuleNames.isValid(name)) {
            throw new UserError(UserError.Kind.INVALID_INPUT, ModuleNames.problem(name));
        }
        return name;
    }
}

package org.duplex.cli.control;

import org.duplex.common.UserError;
import picocli.CommandLine.Option;

/** SafeKit's {@code -m AM}; optional when {@code SAFEMODULE} is set (module scripts rely on it). */
public final class ModuleOption {
    @Option(names = "-m", paramLabel = "MODULE", description = "The module (default: $SAFEMODULE).")
    String module;

    /** The module named, or SAFEMODULE, or a clear error. */
    public String required() {
        if (module != null) {
            return module;
        }
        String env = System.getenv("SAFEMODULE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        throw new UserError(UserError.Kind.INVALID_INPUT, "no module given: use -m MODULE (or set SAFEMODULE)");
    }

    /** The module named or SAFEMODULE, or null for "all modules". */
    public String optional() {
        if (module != null) {
            return module;
        }
        String env = System.getenv("SAFEMODULE");
        return env == null || env.isBlank() ? null : env;
    }
}

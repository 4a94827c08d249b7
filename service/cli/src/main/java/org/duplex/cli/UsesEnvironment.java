package org.duplex.cli;

import java.util.Map;

/**
 * A command that reads the process environment (Duplex's roots, {@code SAFEMODULE}). The
 * command factory hands it the environment, so tests run commands with their own temporary
 * roots instead of the real {@code System.getenv()}.
 */
public interface UsesEnvironment {
    void environment(Map<String, String> environment);
}

package org.duplex.linuxport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of this machine (dpkg, apt-get, lintian, the installed duplex) to completion
 * within a bound, output and errors merged into one captured text. The environment is the test's
 * minus Duplex's path overrides, so installed commands see the package's defaults.
 */
final class HostCommand {
    /** What a finished command left. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** For assertion messages: the command and everything it printed. */
        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    private static final List<String> STRIPPED = List.of(
            "DUPLEX_SAFE", "DUPLEX_SAFEVAR", "DUPLEX_HTTP_PORT", "DUPLEX_JAVA_HOME", "DUPLEX_JAVA_OPTS",
            "DUPLEX_PURGE_DATA");

    private HostCommand() {}

    static Result run(long timeoutSeconds, String... command) {
        return run(Map.of(), timeoutSeconds, command);
    }

    /** Runs {@code command} with {@code extraEnv} added; fails the test if it outlives the bound. */
    static Result run(Map<String, String> extraEnv, long timeoutSeconds, String... command) {
        Path log = null;
        try {
            log = Files.createTempFile("duplex-deb-test", ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            STRIPPED.forEach(env::remove);
            env.put("DEBIAN_FRONTEND", "noninteractive");
            env.put("LC_ALL", "C");
            env.putAll(extraEnv);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within "
                        + timeoutSeconds + "s; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(List.of(command), p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Runs {@code command} and fails the test, with its output, unless it exits 0. */
    static Result check(Map<String, String> extraEnv, long timeoutSeconds, String... command) {
        Result r = run(extraEnv, timeoutSeconds, command);
        if (!r.ok()) {
            throw new AssertionError(r.describe());
        }
        return r;
    }

    static Result check(long timeoutSeconds, String... command) {
        return check(Map.of(), timeoutSeconds, command);
    }
}

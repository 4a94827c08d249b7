package org.duplex.windows.vip;

import java.util.List;

/** Runs a program and returns its exit code and output; the real one wraps {@link ProcessBuilder}, tests record calls. */
@FunctionalInterface
public interface CommandRunner {

    Result run(List<String> argv);

    record Result(int exitCode, String output) {}
}

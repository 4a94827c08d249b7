package org.duplex.node.vip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a system command ({@code ip}, {@code arping}) to completion, with a bound. The prefix lets
 * tests run everything inside a network namespace ({@code ip netns exec NS}).
 */
public final class CommandRunner {
    /** What a command did. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final List<String> prefix;

    public CommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs commands directly on this host. */
    public static CommandRunner host() {
        return new CommandRunner(List.of());
    }

    /** Runs {@code command}; output is stdout and stderr merged. A timeout kills it and is exit code -1. */
    public Result run(List<String> command, Duration timeout) throws VipException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // Output is small (an address list, a few arping lines); read it beside the wait.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeout);
            }
            byte[] bytes = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (ExecutionException | TimeoutException e) {
            throw new VipException("cannot read the output of " + String.join(" ", command) + ": " + e);
        } catch (IOException e) {
            throw new VipException("cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VipException("interrupted while running " + String.join(" ", command));
        }
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

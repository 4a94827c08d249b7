package org.duplex.node.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.duplex.common.UserError;
import org.duplex.node.script.Platform;
import org.duplex.node.script.ScriptEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The program of a {@code <custom ident exec arg>} checker: started (from SAFEUSERBIN, with the
 * scripts' environment) when its phase begins, stopped with its descendants when the phase ends.
 * It reports by calling {@code safekit set -r custom.<ident> -v up|down}; {@link CustomProbe}
 * reads that value back.
 */
public final class CustomCheckProgram implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CustomCheckProgram.class);

    private final Path program;
    private final List<String> args;
    private final ScriptEnvironment environment;
    private final Consumer<String> output;
    private Process process;

    /** @param exec the {@code exec} attribute, relative to SAFEUSERBIN (or absolute) */
    public CustomCheckProgram(String exec, List<String> args, ScriptEnvironment environment, Consumer<String> output) {
        this.program = environment.userBin().resolve(exec);
        this.args = List.copyOf(args);
        this.environment = environment;
        this.output = output;
    }

    /** Starts the program unless it is already running. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Files.isExecutable(program)) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "custom checker program " + program + " does not exist or is not executable");
        }
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(environment.userBin().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment.variables(Map.copyOf(builder.environment()), Platform.current()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "custom checker program " + program + " failed to start: "
                    + e.getMessage(), e);
        }
        Thread pump = new Thread(() -> pump(process), "custom-check-" + program.getFileName());
        pump.setDaemon(true);
        pump.start();
        log.info("check: custom program {} started (pid {})", program, process.pid());
    }

    private void pump(Process p) {
        try (var reader = p.inputReader()) {
            for (String line; (line = reader.readLine()) != null; ) {
                try {
                    output.accept(line);
                } catch (RuntimeException e) {
                    log.warn("check: output sink threw, line dropped", e);
                }
            }
        } catch (IOException e) {
            log.debug("check: output of {} closed: {}", program, e.getMessage());
        }
    }

    /** True while the program runs. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the program and everything it started. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        log.info("check: custom program {} stopped", program);
        process = null;
    }
}

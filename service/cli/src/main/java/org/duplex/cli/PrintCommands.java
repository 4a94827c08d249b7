package org.duplex.cli;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.duplex.common.UserError;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.node.log.ModuleLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code duplex printi|printe [-m M] MESSAGE}: scripts write to their module log (I or E entry).
 * Without {@code -m} the module is {@code $SAFEMODULE}, which Duplex sets for every script.
 */
final class PrintCommands {
    private PrintCommands() {}

    abstract static class Print implements UsesEnvironment, Callable<Integer> {
        private CliContext context = new CliContext(System.getenv());

        @Option(names = "-m", paramLabel = "NAME", description = "Module (default: $SAFEMODULE).")
        String module;

        @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "Text of the entry.")
        List<String> words;

        @Override
        public void environment(Map<String, String> environment) {
            context = new CliContext(environment);
        }

        @Override
        public Integer call() {
            String name = context.module(module);
            DuplexPaths paths = context.paths();
            if (!Files.isDirectory(paths.moduleDir(name))) {
                throw new UserError(UserError.Kind.NOT_FOUND, "module '" + name + "' is not installed");
            }
            try (ModuleLog log = ModuleLog.openForAppend(paths, name)) {
                write(log, String.join(" ", words));
            }
            return ExitCodes.OK;
        }

        abstract void write(ModuleLog log, String message);
    }

    @Command(name = "printi", mixinStandardHelpOptions = true, description = "Write an I entry to the module log.")
    static final class Printi extends Print {
        @Override
        void write(ModuleLog log, String message) {
            log.info(message);
        }
    }

    @Command(name = "printe", mixinStandardHelpOptions = true, description = "Write an E entry to the module log.")
    static final class Printe extends Print {
        @Override
        void write(ModuleLog log, String message) {
            log.error(message);
        }
    }
}

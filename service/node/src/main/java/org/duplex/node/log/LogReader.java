package org.duplex.node.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.duplex.config.paths.DuplexPaths;

/** Reads the last entries of a module's logs, across rolled files ({@code duplex log}). */
public final class LogReader {
    private LogReader() {}

    /** Logback's file name pattern for the rolled copies of {@code file}: module.1.log, module.2.log... */
    static String rolledPattern(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(name.substring(0, dot) + ".%i" + name.substring(dot)).toString();
    }

    private static Path rolled(Path file, int index) {
        return Path.of(rolledPattern(file).replace("%i", Integer.toString(index)));
    }

    /**
     * The last {@code n} lines of the module log (or of the application log), oldest first.
     *
     * @param errorsOnly keep only E entries (module log)
     */
    public static List<String> tail(DuplexPaths paths, String module, int n, boolean application, boolean errorsOnly) {
        Path active = paths.userVar(module).resolve(application ? ModuleLog.APPLICATION_LOG : ModuleLog.MODULE_LOG);
        Deque<String> newestFirst = new ArrayDeque<>();
        List<Path> files = new ArrayList<>();
        files.add(active);
        for (int i = 1; i <= 20; i++) {
            files.add(rolled(active, i));
        }
        try {
            for (Path f : files) {
                if (newestFirst.size() >= n) {
                    break;
                }
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0 && newestFirst.size() < n; i--) {
                    String line = lines.get(i);
                    if (!errorsOnly || isError(line)) {
                        newestFirst.addLast(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + active, e);
        }
        List<String> out = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    /** Module log lines read {@code yyyy-MM-dd HH:mm:ss.SSS L message}; the level is at index 24. */
    static boolean isError(String line) {
        return line.length() > 25 && line.charAt(24) == 'E' && line.charAt(25) == ' ';
    }
}

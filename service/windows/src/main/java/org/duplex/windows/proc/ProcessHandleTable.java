package org.duplex.windows.proc;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * {@link ProcessTable} over {@link ProcessHandle}, which works on both OSes. On Windows,
 * {@code ProcessHandle.Info} gives the image path but no arguments, so the command line comes
 * from {@code commandLineReader} ({@link WindowsCommandLine#read} on Windows; on Linux Java's own
 * {@code Info.commandLine()}).
 */
public final class ProcessHandleTable implements ProcessTable {
    private final LongFunction<Optional<String>> commandLineReader;

    public ProcessHandleTable(LongFunction<Optional<String>> commandLineReader) {
        this.commandLineReader = commandLineReader;
    }

    /** The table for the OS we run on. */
    public static ProcessHandleTable forThisOs() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        return new ProcessHandleTable(windows ? WindowsCommandLine::read
                : pid -> ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()));
    }

    @Override
    public List<ProcessInfo> list() {
        return ProcessHandle.allProcesses()
                .map(h -> h.info().command().map(cmd -> new ProcessInfo(h.pid(), imageName(cmd),
                        commandLineReader.apply(h.pid()))).orElse(null))
                .filter(p -> p != null)
                .toList();
    }

    @Override
    public boolean kill(long pid, boolean force) {
        return ProcessHandle.of(pid).map(h -> force ? h.destroyForcibly() : h.destroy()).orElse(false);
    }

    /** The file name of an executable path, for either separator. */
    static String imageName(String command) {
        int cut = Math.max(command.lastIndexOf('\\'), command.lastIndexOf('/'));
        return command.substring(cut + 1);
    }
}

package org.duplex.node.log;

/**
 * How much of each log a module keeps: the active file grows to {@code fileBytes}, then it is
 * rolled to {@code .1}, {@code .1} to {@code .2}, ..., and the oldest beyond {@code files}
 * rolled files is deleted. Disk use per log is at most about {@code (files + 1) * fileBytes}.
 */
public record LogLimits(long moduleLogFileBytes, int moduleLogFiles, long applicationLogFileBytes, int applicationLogFiles) {
    /** 10 MiB x 5 for the module log; the application log uses SafeKit's userlogsize default, 2048 KiB. */
    public static final LogLimits DEFAULT = new LogLimits(10L << 20, 5, 2048L << 10, 5);

    public LogLimits {
        if (moduleLogFileBytes < 1024 || applicationLogFileBytes < 1024) {
            throw new IllegalArgumentException("log files must be allowed at least 1024 bytes");
        }
        if (moduleLogFiles < 1 || moduleLogFiles > 20 || applicationLogFiles < 1 || applicationLogFiles > 20) {
            throw new IllegalArgumentException("between 1 and 20 rolled files per log (logback's window)");
        }
    }

    /** The same file counts with the application log sized from {@code <user userlogsize>} (KiB). */
    public LogLimits withApplicationLogKb(long userLogSizeKb) {
        return new LogLimits(moduleLogFileBytes, moduleLogFiles, Math.max(1024, userLogSizeKb * 1024), applicationLogFiles);
    }
}

package org.duplex.node.errd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code /proc/PID/comm} and {@code /proc/PID/cmdline}. A process that exits while being read
 * is simply left out: the table is a snapshot and races are normal.
 */
public final class LinuxProcessTable implements ProcessTable {
    private final Path proc;

    public LinuxProcessTable() {
        this(Path.of("/proc"));
    }

    /** @param proc the proc file system root (tests may give a fake tree) */
    public LinuxProcessTable(Path proc) {
        this.proc = proc;
    }

    @Override
    public List<ProcessInfo> snapshot() {
        List<ProcessInfo> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, LinuxProcessTable::isPidDir)) {
            for (Path dir : entries) {
                read(dir).ifPresent(processes::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("errd: cannot list " + proc, e);
        }
        return processes;
    }

    private static boolean isPidDir(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static java.util.Optional<ProcessInfo> read(Path dir) {
        try {
            String comm = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            return java.util.Optional.of(new ProcessInfo(Long.parseLong(dir.getFileName().toString()), comm,
                    splitNulSeparated(raw)));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty(); // exited meanwhile
        }
    }

    private static List<String> splitNulSeparated(byte[] raw) {
        String all = new String(raw, StandardCharsets.UTF_8);
        if (all.endsWith("\0")) {
            all = all.substring(0, all.length() - 1);
        }
        return all.isEmpty() ? List.of() : Arrays.asList(all.split("\0", -1));
    }
}

package org.duplex.fs.filter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes that hold a file (or their working directory) below a directory, by reading
 * {@code /proc/<pid>/fd} and {@code /proc/<pid>/cwd}. Such a process keeps using the real file
 * beside the filter once it is mounted, so its writes would not be replicated: the filter warns,
 * naming it, at mount time.
 */
public final class OpenFileScan {
    private OpenFileScan() {}

    /** One process holding something under the directory. */
    public record Holder(long pid, String command, String path) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ") holds " + path;
        }
    }

    /**
     * The processes holding files or working directories at or below {@code directory}. Processes
     * that vanish or cannot be read while scanning are skipped; never throws for them.
     */
    public static List<Holder> holdersBelow(Path directory) {
        String dir = directory.toAbsolutePath().normalize().toString();
        List<Holder> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                scanProcess(proc, dir, found);
            }
        } catch (IOException e) {
            // /proc unreadable: nothing can be reported, which the caller cannot fix either
        }
        return found;
    }

    private static void scanProcess(Path proc, String dir, List<Holder> found) {
        long pid = Long.parseLong(proc.getFileName().toString());
        String command = command(proc);
        target(proc.resolve("cwd")).filter(t -> below(t, dir)).ifPresent(t -> found.add(new Holder(pid, command, t)));
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                target(fd).filter(t -> below(t, dir)).ifPresent(t -> found.add(new Holder(pid, command, t)));
            }
        } catch (IOException | SecurityException e) {
            // the process ended, or its fds are not ours to read: skip it
        }
    }

    private static java.util.Optional<String> target(Path link) {
        try {
            return java.util.Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static boolean below(String target, String dir) {
        String t = target.endsWith(" (deleted)") ? target.substring(0, target.length() - " (deleted)".length()) : target;
        return t.equals(dir) || t.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

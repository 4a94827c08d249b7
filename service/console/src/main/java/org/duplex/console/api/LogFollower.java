package org.duplex.console.api;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one log file from its current end, like {@code tail -f}: each {@link #poll()} returns
 * the complete lines appended since the previous one. When the file shrinks or disappears (the
 * daemon rolled it), reading restarts at the beginning of the new file. Reads at most
 * {@link #MAX_READ_BYTES} per poll, so a burst of output cannot exhaust memory.
 */
public final class LogFollower {
    static final int MAX_READ_BYTES = 256 * 1024;

    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();

    public LogFollower(Path file) {
        this.file = file;
        this.offset = sizeOf(file);
    }

    public List<String> poll() throws IOException {
        long size = sizeOf(file);
        if (size < offset) {
            offset = 0;
            partial.setLength(0);
        }
        if (size == offset) {
            return List.of();
        }
        int length = (int) Math.min(MAX_READ_BYTES, size - offset);
        byte[] bytes = new byte[length];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(offset);
            raf.readFully(bytes);
        }
        offset += length;
        partial.append(new String(bytes, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n", start)) {
            lines.add(partial.substring(start, nl));
            start = nl + 1;
        }
        partial.delete(0, start);
        return lines;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

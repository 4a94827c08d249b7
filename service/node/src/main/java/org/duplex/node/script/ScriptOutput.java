package org.duplex.node.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a script's stdout and stderr go: a file, {@code SAFEUSERVAR/userlog_<script>.ulog} (as
 * SafeKit does), followed line by line into the output sink while the script runs.
 *
 * <p>Why a file and not a pipe: {@code start_prim} usually leaves the application running with
 * the script's stdout inherited. Java closes a process pipe when the process exits, so the
 * application's next write would get SIGPIPE and die. A file never does that; what the application
 * writes later stays in the file. The previous run's file is kept as {@code .ulog.1} (renaming
 * keeps it open for any process still writing to it).
 */
final class ScriptOutput {
    private static final Logger log = LoggerFactory.getLogger(ScriptOutput.class);
    private static final int TAIL_LINES = 20;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path file;
    private final Consumer<String> sink;
    private final Deque<String> tail = new ArrayDeque<>();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private Thread follower;
    private volatile boolean finishing;

    private ScriptOutput(Path file, Consumer<String> sink) {
        this.file = file;
        this.sink = sink;
    }

    /** Prepares an empty output file for {@code script} in {@code dir}, keeping the previous one as .1. */
    static ScriptOutput create(Path dir, String script, Consumer<String> sink) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("userlog_" + script + ".ulog");
        if (Files.exists(file)) {
            Files.move(file, dir.resolve(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createFile(file);
        return new ScriptOutput(file, sink);
    }

    Path file() {
        return file;
    }

    /** Starts following the file into the sink. */
    void follow(long pid) {
        follower = new Thread(this::run, "script-output-" + pid);
        follower.setDaemon(true);
        follower.start();
    }

    /** The script has ended: read what is left, then stop; wait for that at most {@code bound}. */
    void finish(Duration bound) {
        finishing = true;
        LockSupport.unpark(follower);
        try {
            follower.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    private void run() {
        byte[] buffer = new byte[8192];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                boolean last = finishing;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    split(buffer, n);
                }
                if (last) {
                    flushPartial();
                    return;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (IOException e) {
            log.warn("run: cannot follow script output {}: {}", file, e.getMessage());
        }
    }

    private void split(byte[] buffer, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                partialLine.write(buffer, start, i - start);
                emit();
                start = i + 1;
            }
        }
        partialLine.write(buffer, start, length - start);
    }

    private void flushPartial() {
        if (partialLine.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = partialLine.toString(StandardCharsets.UTF_8);
        partialLine.reset();
        synchronized (this) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            log.warn("run: output sink threw on a script line, line dropped", e);
        }
    }
}

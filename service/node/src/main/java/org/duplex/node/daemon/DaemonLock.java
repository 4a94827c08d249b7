package org.duplex.node.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.duplex.common.UserError;

/**
 * Guarantees one daemon per var dir: two daemons driving the same modules would run scripts and
 * hold the VIP twice. The OS releases the lock when the process dies, so a crash never leaves a
 * stale lock behind (unlike a pid file).
 */
public final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DaemonLock acquire(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
                ch.close();
                throw new UserError(UserError.Kind.REFUSED, "another duplex daemon (pid " + holder
                        + ") already runs with the var dir of " + file + "; stop it first");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DaemonLock(ch, lock);
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot take the daemon lock " + file + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock dies with the channel or the process anyway.
        }
    }
}

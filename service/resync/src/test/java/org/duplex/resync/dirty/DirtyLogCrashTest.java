package org.duplex.resync.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash simulation for the dirty journal: the file is cut at every byte offset inside its last
 * record (a write torn by a power loss). Recovery must give exactly the state before that record
 * (never a half record, never garbage) and, at the full length, the state after it.
 */
class DirtyLogCrashTest {
    @TempDir
    Path base;

    @Test
    void truncatingTheLastRecordAtEveryByteLosesNoAcknowledgedRecordAndInventsNothing() throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DirtyLogCrashTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Path live = base.resolve("live");
        DirtyState before;
        long lengthBefore;
        try (DirtyLog log = DirtyLog.open(live)) {
            for (int i = 0; i < 200; i++) {
                randomChange(log, rnd);
            }
            before = log.snapshot();
            lengthBefore = Files.size(live.resolve(DirtyLog.JOURNAL));
            log.markRenamed("dir" + rnd.nextInt(3) + "/f" + rnd.nextInt(20), "moved/long-name-" + rnd.nextInt(1000));
        }
        byte[] journal = Files.readAllBytes(live.resolve(DirtyLog.JOURNAL));
        DirtyState after;
        try (DirtyLog log = DirtyLog.open(live)) {
            after = log.snapshot();
        }
        assertThat(journal.length).isGreaterThan((int) lengthBefore);
        assertThat(describe(after)).isNotEqualTo(describe(before));

        for (int cut = (int) lengthBefore; cut <= journal.length; cut++) {
            Path crashed = base.resolve("cut" + cut);
            Files.createDirectories(crashed);
            Files.write(crashed.resolve(DirtyLog.JOURNAL), Arrays.copyOf(journal, cut));
            try (DirtyLog log = DirtyLog.open(crashed)) {
                DirtyState expected = cut == journal.length ? after : before;
                assertThat(describe(log.snapshot())).as("journal cut at byte %d of %d", cut, journal.length)
                        .isEqualTo(describe(expected));
                log.markDirty("after-recovery", 0, 1); // the recovered journal takes appends again
            }
            try (DirtyLog log = DirtyLog.open(crashed)) {
                assertThat(log.blocksOf("after-recovery").contains(0)).isTrue();
            }
        }
    }

    @Test
    void garbageAfterTheLastRecordIsDropped() throws IOException {
        Path dir = base.resolve("g");
        try (DirtyLog log = DirtyLog.open(dir)) {
            log.markDirty("a", 8192, 10);
        }
        byte[] noise = new byte[37];
        new SplittableRandom(5).nextBytes(noise);
        Files.write(dir.resolve(DirtyLog.JOURNAL), noise, java.nio.file.StandardOpenOption.APPEND);
        try (DirtyLog log = DirtyLog.open(dir)) {
            assertThat(log.snapshot().blocks()).containsOnlyKeys("a");
            assertThat(log.blocksOf("a").toArray()).containsExactly(2);
        }
    }

    @Test
    void compactionIntoSnapshotsKeepsEveryRecordAcrossReopen() throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DirtyLogCrashTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Path dir = base.resolve("c");
        DirtyState expected;
        try (DirtyLog log = DirtyLog.open(dir, 2048)) {
            for (int i = 0; i < 300; i++) {
                randomChange(log, rnd);
            }
            expected = log.snapshot();
        }
        assertThat(Files.exists(dir.resolve(DirtyLog.SNAPSHOT))).isTrue();
        try (DirtyLog log = DirtyLog.open(dir, 2048)) {
            assertThat(describe(log.snapshot())).isEqualTo(describe(expected));
        }
    }

    @Test
    void aCrashAfterWritingTheSnapshotButBeforeReplacingTheJournalDoesNotReplayFoldedRecords() throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DirtyLogCrashTest seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Path dir = base.resolve("s");
        DirtyState expected;
        try (DirtyLog log = DirtyLog.open(dir, Long.MAX_VALUE)) {
            for (int i = 0; i < 300; i++) {
                randomChange(log, rnd);
            }
            expected = log.snapshot();
        }
        // compaction's first step done (snapshot of generation 1 holds every record), second not:
        // the journal of generation 0 still holds the same records, which must not apply twice
        byte[] body = expected.copy().serialize();
        Files.write(dir.resolve(DirtyLog.SNAPSHOT),
                java.nio.ByteBuffer.allocate(8 + body.length).putLong(1).put(body).array());
        try (DirtyLog log = DirtyLog.open(dir, Long.MAX_VALUE)) {
            assertThat(describe(log.snapshot())).isEqualTo(describe(expected));
            log.markEntryChanged("later");
        }
        try (DirtyLog log = DirtyLog.open(dir, Long.MAX_VALUE)) {
            assertThat(log.snapshot().changedEntries()).contains("later");
            assertThat(log.snapshot().renames()).isEqualTo(expected.renames());
        }
    }

    @Test
    void afterAJournalWriteErrorEveryLaterCallFailsInsteadOfAcknowledgingUndurableMarks() throws IOException {
        DirtyLog log = DirtyLog.open(base.resolve("f"));
        log.markDirty("a", 0, 1);
        log.close(); // the journal's file channel is gone: the next append fails like a dead disk
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.markDirty("b", 0, 1)).isInstanceOf(IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.markDirty("a", 0, 1)) // already dirty in memory
                .isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
    }

    static void randomChange(DirtyLog log, SplittableRandom rnd) throws IOException {
        String path = "dir" + rnd.nextInt(3) + "/f" + rnd.nextInt(20);
        switch (rnd.nextInt(10)) {
            case 0 -> log.markEntryChanged(path);
            case 1 -> log.markRenamed(path, "dir" + rnd.nextInt(3) + "/f" + rnd.nextInt(20));
            case 2 -> log.clearBlocks(path, log.blocksOf(path));
            case 3 -> log.clearEntry(path);
            default -> log.markDirty(path, rnd.nextLong(1 << 24), 1 + rnd.nextInt(100_000));
        }
    }

    static String describe(DirtyState s) {
        return s.blocks() + " entries=" + s.changedEntries() + " renames=" + s.renames();
    }
}

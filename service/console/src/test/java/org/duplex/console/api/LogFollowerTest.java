package org.duplex.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir Path dir;

    private void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void returnsOnlyCompleteLinesAppendedSinceItStarted() throws Exception {
        Path log = dir.resolve("module.log");
        append(log, "old line\n");
        LogFollower follower = new LogFollower(log);
        assertThat(follower.poll()).isEmpty();

        append(log, "first\nsecond (half");
        assertThat(follower.poll()).containsExactly("first");
        append(log, " done)\n");
        assertThat(follower.poll()).containsExactly("second (half done)");
    }

    @Test
    void restartsAtTheBeginningWhenTheFileWasRolled() throws Exception {
        Path log = dir.resolve("module.log");
        append(log, "a long line before the roll\n");
        LogFollower follower = new LogFollower(log);
        Files.move(log, dir.resolve("module.log.1"));
        append(log, "new\n");
        assertThat(follower.poll()).containsExactly("new");
    }

    @Test
    void aMissingFileIsFollowedFromItsCreation() throws Exception {
        Path log = dir.resolve("application.log");
        LogFollower follower = new LogFollower(log);
        assertThat(follower.poll()).isEmpty();
        append(log, "created\n");
        assertThat(follower.poll()).containsExactly("created");
    }

    @Test
    void readsAtMostABoundedChunkPerPoll() throws Exception {
        Path log = dir.resolve("module.log");
        LogFollower follower = new LogFollower(log);
        String line = "x".repeat(1023) + "\n";
        append(log, line.repeat(LogFollower.MAX_READ_BYTES / 1024 + 10));
        assertThat(follower.poll()).hasSize(LogFollower.MAX_READ_BYTES / 1024);
        assertThat(follower.poll()).hasSize(10);
    }
}

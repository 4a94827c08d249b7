package org.duplex.replication.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.testkit.GatedApplier;
import org.duplex.replication.testkit.ReplicaPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the application waits for: with the secondary's disk step held shut, async="none" holds the
 * write until it is applied; async="second" answers on receipt; fsync waits for durable in both.
 */
class AsyncModeTest {
    @TempDir Path base;

    private GatedApplier gate;

    private ReplicaPair pair(AsyncMode mode) throws Exception {
        ReplicaPair pair = new ReplicaPair(base, mode, Duration.ofSeconds(60), applier -> gate = new GatedApplier(applier));
        pair.pipeline.connect();
        pair.execute(new Create("f", 0644, 0, 0, Mutation.NO_TIME));
        return pair;
    }

    @org.junit.jupiter.api.AfterEach
    void openTheGate() {
        if (gate != null) {
            gate.open(); // a failed test must not leave the secondary's applier stuck for the teardown
        }
    }

    @Test
    void noneHoldsTheWriteUntilTheSecondaryHasAppliedIt() throws Exception {
        try (ReplicaPair pair = pair(AsyncMode.NONE)) {
            gate.shut();
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(
                    () -> pair.execute(new Write("f", 0, "abc".getBytes(), Mutation.NO_TIME)));

            await().atMost(Duration.ofSeconds(20)).until(() -> pair.pipeline.stats().receivedThrough() == 2 && gate.waiting() == 1);
            assertThat(write).as("received but not applied: the write must still wait").isNotDone();
            assertThat(Files.size(pair.secondaryDir.resolve("f"))).isZero();

            gate.open();
            assertThat(write.get(20, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(Files.readString(pair.secondaryDir.resolve("f"))).isEqualTo("abc");
        }
    }

    @Test
    void secondAnswersOnReceiptWhileTheSecondaryDiskStepIsStillBlocked() throws Exception {
        try (ReplicaPair pair = pair(AsyncMode.SECOND)) {
            gate.shut();
            int result = CompletableFuture.supplyAsync(() -> pair.execute(new Write("f", 0, "abc".getBytes(), Mutation.NO_TIME)))
                    .get(20, TimeUnit.SECONDS);

            assertThat(result).isEqualTo(3);
            assertThat(pair.pipeline.stats().durableThrough()).as("answered although not applied (the gate is shut)").isLessThan(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.waiting() == 1);
            gate.open();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(pair.secondaryDir.resolve("f")) == 3);
        }
    }

    @Test
    void inSecondModeAFsyncStillWaitsUntilTheSecondaryMadeTheBytesDurable() throws Exception {
        try (ReplicaPair pair = pair(AsyncMode.SECOND)) {
            gate.shut();
            assertThat(pair.execute(new Write("f", 0, "abc".getBytes(), Mutation.NO_TIME))).isEqualTo(3);
            CompletableFuture<Integer> fsync = CompletableFuture.supplyAsync(() -> pair.execute(new Fsync("f", true)));

            await().atMost(Duration.ofSeconds(20)).until(() -> pair.pipeline.stats().receivedThrough() == 3);
            assertThat(fsync).isNotDone();

            gate.open();
            assertThat(fsync.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(pair.pipeline.stats().durableThrough()).isEqualTo(3);
            assertThat(Files.readString(pair.secondaryDir.resolve("f"))).isEqualTo("abc");
        }
    }
}

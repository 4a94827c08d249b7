package org.duplex.replication.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.replication.testkit.GatedApplier;
import org.duplex.replication.testkit.MemoryDirtyRecorder.Region;
import org.duplex.replication.testkit.ReplicaPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The secondary goes away mid-stream: the primary goes on alone, bounded, and forgets nothing. */
class PeerLossTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(400);
    /** Enough that the writers are still busy when the cut comes, on any machine. */
    private static final int WRITES_PER_THREAD = 1000;
    /** Bound for a call: window wait + ack wait + local op, with room for a loaded 2-core machine. */
    private static final Duration CALL_BOUND = ACK_TIMEOUT.multipliedBy(2).plusSeconds(10);

    @TempDir Path base;

    /** One writer thread's record: which non-overlapping region it wrote with which bytes. */
    private record Written(String path, long offset, byte[] data) {}

    @ParameterizedTest
    @EnumSource(AsyncMode.class)
    void whenTheSecondaryStreamIsCutMidStreamEveryWriteIsOnTheSecondaryOrRecordedDirty(AsyncMode mode) throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, mode, ACK_TIMEOUT, applier -> applier)) {
            pair.pipeline.connect();
            pair.execute(new Create("data", 0600, 0, 0, Mutation.NO_TIME));
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<List<Written>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<Written> written = new ArrayList<>();
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        byte[] data = new byte[1024];
                        Arrays.fill(data, (byte) (thread * 50 + i % 50 + 1));
                        long offset = ((long) thread * WRITES_PER_THREAD + i) * 1024;
                        if (pair.execute(new Write("data", offset, data, Mutation.NO_TIME)) == 1024) {
                            written.add(new Written("data", offset, data));
                        }
                    }
                    return written;
                }));
            }
            await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30)).until(() -> pair.pipeline.stats().lastSequence() > 300);
            pair.secondary.dropCurrentStream();

            List<Written> all = new ArrayList<>();
            for (Future<List<Written>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            threads.shutdown();
            await().atMost(Duration.ofSeconds(30)).until(() -> pair.secondaryEvents.size() == 2);

            assertThat(all).as("every write succeeded locally").hasSize(4 * WRITES_PER_THREAD);
            assertThat(pair.pipeline.isConnected()).isFalse();
            assertThat(pair.peerEvents).hasSize(2).first().isEqualTo("connected");
            assertThat(pair.peerEvents.get(1)).startsWith("lost: ");
            byte[] secondary = Files.readAllBytes(pair.secondaryDir.resolve("data"));
            List<Region> dirty = pair.recorder.dirty();
            int onSecondary = 0;
            for (Written w : all) {
                boolean present = secondary.length >= w.offset() + w.data().length
                        && Arrays.equals(secondary, (int) w.offset(), (int) w.offset() + w.data().length, w.data(), 0, w.data().length);
                boolean recorded = dirty.contains(new Region(w.path(), w.offset(), w.data().length));
                assertThat(present || recorded).as("write at %d is on the secondary or recorded dirty", w.offset()).isTrue();
                onSecondary += present ? 1 : 0;
            }
            assertThat(onSecondary).as("the cut really was mid-stream").isBetween(1, 4 * WRITES_PER_THREAD - 1);
            assertThat(dirty).as("something was recorded").isNotEmpty();
        }
    }

    @Test
    void aSilentSecondaryMakesNoCallWaitPastTheAckTimeoutAndEveryUnappliedOpIsRecorded() throws Exception {
        GatedApplier[] gate = new GatedApplier[1];
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.NONE, ACK_TIMEOUT, applier -> gate[0] = new GatedApplier(applier))) {
            pair.pipeline.connect();
            pair.execute(new Mkdir("dir", 0700, 0, 0));
            gate[0].shut();

            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(CompletableFuture.supplyAsync(() -> pair.execute(n % 2 == 0
                        ? new Create("dir/f" + n, 0644, 0, 0, Mutation.NO_TIME)
                        : new Rename("dir", "dir", RenameMode.REPLACE))));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(calls).allSatisfy(call -> assertThat(call.join()).isZero());
            assertThat(pair.peerEvents.get(1)).contains("no ack for operation #", "within 400 ms");
            assertThat(pair.recorder.entries()).contains("dir/f0", "dir/f2", "dir/f4", "dir/f6", "dir");
            gate[0].open();
        }
    }

    @Test
    void whileAloneEveryOperationIsRecordedAndNothingIsSent() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.NONE)) {
            assertThat(pair.execute(new Create("f", 0644, 0, 0, Mutation.NO_TIME))).isZero();
            assertThat(pair.execute(new Write("f", 8192, new byte[100], Mutation.NO_TIME))).isEqualTo(100);
            assertThat(pair.execute(new Rename("f", "g", RenameMode.REPLACE))).isZero();
            assertThat(pair.execute(new Fsync("g", false))).isZero();

            assertThat(pair.recorder.dirty()).containsExactly(new Region("f", 8192, 100));
            assertThat(pair.recorder.entries()).containsExactly("f", "f", "g");
            assertThat(pair.recorder.renames()).containsExactly("f -> g");
            assertThat(pair.pipeline.stats().lastSequence()).isZero();
            assertThat(pair.secondaryDir.resolve("f")).doesNotExist();
            assertThat(pair.secondaryDir.resolve("g")).doesNotExist();
        }
    }

    @Test
    void aWriteWhoseDirtyRecordCannotBeMadeFailsWithEioBeforeTouchingTheDisk() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.NONE)) {
            pair.execute(new Create("f", 0644, 0, 0, Mutation.NO_TIME));
            pair.recorder.failFromNowOn();

            assertThat(pair.execute(new Write("f", 0, new byte[] {1, 2, 3}, Mutation.NO_TIME))).isEqualTo(-5);

            assertThat(Files.size(pair.primaryDir.resolve("f"))).isZero();
        }
    }

    @Test
    void theLocalErrorIsReturnedAndNothingIsSentForAFailedOperation() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(base, AsyncMode.NONE)) {
            pair.pipeline.connect();
            assertThat(pair.execute(new Unlink("missing"))).isEqualTo(-2);
            assertThat(pair.pipeline.stats().lastSequence()).isZero();
            assertThat(pair.peerEvents).containsExactly("connected");
        }
    }
}

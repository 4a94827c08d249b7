package org.duplex.node.errd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.duplex.node.check.FailureAction;
import org.duplex.node.check.ResourceChange;
import org.duplex.node.check.ResourceValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessMonitorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<ResourceChange> changes = new CopyOnWriteArrayList<>();
    private final List<Process> spawned = new ArrayList<>();
    /** A sleep duration no other process on the machine uses, so the argregex picks only ours. */
    private final String marker = "31" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";

    @AfterEach
    void cleanUp() {
        spawned.forEach(Process::destroyForcibly);
        scheduler.shutdownNow();
    }

    private Process sleep() throws IOException {
        Process p = new ProcessBuilder("sleep", marker).start();
        spawned.add(p);
        return p;
    }

    private ProcWatch watch(int atLeast, String procClass, int startAfter) {
        return new ProcWatch(ProcessMatcher.of("sleep", Optional.empty(), Optional.of("^sleep " + marker.replace(".", "\\.") + "$")),
                atLeast, -1, FailureAction.of(FailureAction.Kind.RESTART), procClass, startAfter);
    }

    private List<String> transitions() {
        return changes.stream().map(c -> c.resource() + " " + c.previous().word() + "->" + c.current().word()).toList();
    }

    @Test
    void realProcessGoingAwayIsReportedDownWithItsAction() throws IOException {
        Process app = sleep();
        ProcessMonitor errd = new ProcessMonitor(List.of(watch(1, "prim", 1)), Duration.ofMillis(100),
                new LinuxProcessTable(), changes::add, scheduler);
        errd.enable("prim");
        errd.start();

        await().atMost(WAIT).until(() -> errd.values().get("proc.sleep") == ResourceValue.UP);
        app.destroyForcibly();
        await().atMost(WAIT).until(() -> errd.values().get("proc.sleep") == ResourceValue.DOWN);

        assertThat(transitions()).containsExactly("proc.sleep init->up", "proc.sleep up->down");
        ResourceChange down = changes.get(1);
        assertThat(down.action().kind()).isEqualTo(FailureAction.Kind.RESTART);
        assertThat(down.detail()).contains("0 process(es)");
        errd.close();
    }

    @Test
    void onlyEnabledClassesAreEvaluatedAndDisablingResetsToInit() throws IOException {
        sleep();
        ProcessMonitor errd = new ProcessMonitor(List.of(watch(1, "prim", 1)), Duration.ofHours(1),
                new LinuxProcessTable(), changes::add, scheduler);

        errd.poll();
        assertThat(errd.values()).containsEntry("proc.sleep", ResourceValue.INIT);
        errd.enable("second");
        errd.poll();
        assertThat(changes).isEmpty();

        errd.enable("prim");
        errd.poll();
        errd.disable("prim");

        assertThat(transitions()).containsExactly("proc.sleep init->up", "proc.sleep up->init");
    }

    @Test
    void suspendedMonitorReportsNothingUntilResumed() throws IOException {
        Process app = sleep();
        ProcessMonitor errd = new ProcessMonitor(List.of(watch(1, "prim", 1)), Duration.ofHours(1),
                new LinuxProcessTable(), changes::add, scheduler);
        errd.enable("prim");
        errd.poll();

        errd.suspend();
        app.destroyForcibly();
        await().atMost(WAIT).until(() -> !app.isAlive());
        errd.poll();
        assertThat(transitions()).containsExactly("proc.sleep init->up");

        errd.resume();
        errd.poll();
        assertThat(transitions()).containsExactly("proc.sleep init->up", "proc.sleep up->down");
    }

    @Test
    void startAfterSkipsTheFirstPollsAndAtLeastCountsProcesses() throws IOException {
        sleep();
        ProcessMonitor errd = new ProcessMonitor(List.of(watch(2, "prim", 3)), Duration.ofHours(1),
                new LinuxProcessTable(), changes::add, scheduler);
        errd.enable("prim");

        errd.poll();
        errd.poll();
        assertThat(changes).as("start_after=3 skips 2 polls").isEmpty();
        errd.poll();
        assertThat(transitions()).containsExactly("proc.sleep init->down");

        sleep();
        errd.poll();
        assertThat(transitions()).containsExactly("proc.sleep init->down", "proc.sleep down->up");
    }
}

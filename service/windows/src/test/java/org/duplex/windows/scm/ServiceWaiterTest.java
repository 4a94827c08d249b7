package org.duplex.windows.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.windows.scm.ServiceState.*;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ServiceWaiterTest {
    /** Fake time: every pause advances the clock by exactly the pause. */
    private long nanos;
    private int pauses;

    private ServiceWaiter waiter(FakeServiceControl scm) {
        return new ServiceWaiter(scm, () -> nanos, d -> {
            nanos += d.toNanos();
            pauses++;
        }, Duration.ofMillis(250));
    }

    @Test
    void startRequestsOnceAndWaitsThroughStartPending() throws Exception {
        var scm = new FakeServiceControl().with("postgresql-x64-13", STOPPED)
                .thenWalks("postgresql-x64-13", START_PENDING, START_PENDING, RUNNING);
        var outcome = waiter(scm).start("postgresql-x64-13", Duration.ofSeconds(30));
        assertThat(outcome.reached()).isTrue();
        assertThat(outcome.lastState()).isEqualTo(RUNNING);
        assertThat(scm.requests).containsExactly("start postgresql-x64-13 while STOPPED");
        assertThat(pauses).isEqualTo(2);
    }

    @Test
    void alreadyRunningIsSuccessWithoutARequest() throws Exception {
        var scm = new FakeServiceControl().with("W3SVC", RUNNING);
        assertThat(waiter(scm).start("W3SVC", Duration.ofSeconds(5)).reached()).isTrue();
        assertThat(scm.requests).isEmpty();
    }

    @Test
    void aServiceThatFallsBackToStoppedFailsAtOnceInsteadOfWaitingForTheDeadline() throws Exception {
        var scm = new FakeServiceControl().with("SSM", STOPPED).thenWalks("SSM", START_PENDING, STOPPED);
        var outcome = waiter(scm).start("SSM", Duration.ofMinutes(5));
        assertThat(outcome.reached()).isFalse();
        assertThat(outcome.lastState()).isEqualTo(STOPPED);
        assertThat(outcome.waited()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void givesUpAtTheDeadlineWhenStuckPending() throws Exception {
        var scm = new FakeServiceControl().with("slow", RUNNING);
        scm.thenWalks("slow", STOP_PENDING, STOP_PENDING, STOP_PENDING, STOP_PENDING, STOP_PENDING,
                STOP_PENDING, STOP_PENDING, STOP_PENDING, STOP_PENDING, STOP_PENDING);
        var outcome = waiter(scm).stop("slow", Duration.ofSeconds(1));
        assertThat(outcome.reached()).isFalse();
        assertThat(outcome.lastState()).isEqualTo(STOP_PENDING);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(1));
        assertThat(scm.requests).containsExactly("stop slow while RUNNING");
    }

    @Test
    void startWhileStoppingWaitsForStoppedBeforeRequesting() throws Exception {
        var scm = new FakeServiceControl()
                .walksNow("svc", STOP_PENDING, STOP_PENDING, STOP_PENDING, STOPPED)
                .thenWalks("svc", START_PENDING, RUNNING);
        assertThat(waiter(scm).start("svc", Duration.ofSeconds(10)).reached()).isTrue();
        assertThat(scm.requests).containsExactly("start svc while STOPPED");
    }

    @Test
    void unknownServiceIsReportedNotWaitedFor() throws Exception {
        var scm = new FakeServiceControl();
        var outcome = waiter(scm).waitFor("nope", Set.of(RUNNING), Duration.ofMinutes(1));
        assertThat(outcome.reached()).isFalse();
        assertThat(outcome.lastState()).isEqualTo(NOT_INSTALLED);
        assertThat(pauses).isZero();
    }

    @Test
    void win32StateCodesMapBothWays() {
        for (ServiceState s : ServiceState.values()) {
            if (s != NOT_INSTALLED) {
                assertThat(ServiceState.fromWin32(s.win32)).isEqualTo(s);
            }
        }
        assertThat(RUNNING.win32).isEqualTo(4);
        assertThat(START_PENDING.isPending()).isTrue();
        assertThat(PAUSED.isPending()).isFalse();
    }
}

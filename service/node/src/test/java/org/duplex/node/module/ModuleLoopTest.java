package org.duplex.node.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplex.common.UserError;
import org.junit.jupiter.api.Test;

class ModuleLoopTest {

    @Test
    void runsPostedTasksInOrderOnOneThread() {
        try (ModuleLoop loop = new ModuleLoop("m")) {
            List<String> seen = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.post(() -> seen.add(n + "@" + Thread.currentThread().getName()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 100);
            for (int i = 0; i < 100; i++) {
                assertThat(seen.get(i)).isEqualTo(i + "@module-m");
            }
        }
    }

    @Test
    void aLaterTimerWithTheSameKeyReplacesTheEarlierOne() {
        try (ModuleLoop loop = new ModuleLoop("m")) {
            List<String> fired = new CopyOnWriteArrayList<>();
            loop.call(() -> {
                loop.scheduleAt("t", loop.nowMs() + 50, () -> fired.add("first"));
                loop.scheduleAt("t", loop.nowMs() + 100, () -> fired.add("second"));
                loop.scheduleAt("other", loop.nowMs() + 10, () -> fired.add("other"));
                return null;
            }, 5_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> fired.contains("second"));
            assertThat(fired).containsExactlyInAnyOrder("other", "second");
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoopAndCallPropagatesUserErrors() {
        try (ModuleLoop loop = new ModuleLoop("m")) {
            loop.post(() -> {
                throw new IllegalStateException("bug");
            });
            assertThat(loop.call(() -> "alive", 5_000)).isEqualTo("alive");
            assertThatThrownBy(() -> loop.call(() -> {
                throw new UserError(UserError.Kind.REFUSED, "no");
            }, 5_000)).isInstanceOf(UserError.class).hasMessage("no");
        }
    }

    @Test
    void callOnAClosedLoopIsAClearError() {
        ModuleLoop loop = new ModuleLoop("m");
        loop.close();
        assertThatThrownBy(() -> loop.call(() -> 1, 1_000)).isInstanceOf(UserError.class).hasMessageContaining("shutting down");
    }
}

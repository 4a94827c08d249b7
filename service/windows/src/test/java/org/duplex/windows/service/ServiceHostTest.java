package org.duplex.windows.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ServiceHostTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<ServiceBody.FatalHandler> fatal = new AtomicReference<>();
    private final List<Integer> exits = new CopyOnWriteArrayList<>();

    private final ServiceBody body = new ServiceBody() {
        @Override
        public void start(String[] args, FatalHandler f) {
            calls.add("start " + String.join(",", args));
            fatal.set(f);
        }

        @Override
        public void stop() {
            calls.add("stop");
        }
    };

    private Thread runInBackground(ServiceHost host, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                host.run(new String[] {"a"});
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "procrun-start");
        t.start();
        return t;
    }

    @Test
    void runBlocksUntilStopThenStopsTheBodyOnce() throws Exception {
        ServiceHost host = new ServiceHost(body, exits::add, Duration.ofSeconds(10));
        Thread t = runInBackground(host, new AtomicReference<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> host.phase() == ServiceHost.Phase.RUNNING && !calls.isEmpty());
        assertThat(t.isAlive()).isTrue();
        assertThat(calls).containsExactly("start a");

        assertThat(host.requestStop()).isTrue();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(calls).containsExactly("start a", "stop");
        assertThat(host.phase()).isEqualTo(ServiceHost.Phase.STOPPED);
        assertThat(exits).isEmpty();
    }

    @Test
    void aFatalErrorStopsTheBodyAndExitsNonZeroSoTheScmRestarts() throws Exception {
        ServiceHost host = new ServiceHost(body, exits::add, Duration.ofSeconds(10));
        Thread t = runInBackground(host, new AtomicReference<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> fatal.get() != null);
        fatal.get().fatal("replication invariant broken", new IllegalStateException("seq"));
        t.join(10_000);
        assertThat(calls).containsExactly("start a", "stop");
        assertThat(host.phase()).isEqualTo(ServiceHost.Phase.FAILED);
        assertThat(exits).containsExactly(1);
    }

    @Test
    void aBodyThatFailsToStartFailsTheStartCall() {
        ServiceBody broken = new ServiceBody() {
            @Override
            public void start(String[] args, FatalHandler f) {
                throw new IllegalStateException("port 9010 in use");
            }

            @Override
            public void stop() {
                calls.add("stop");
            }
        };
        ServiceHost host = new ServiceHost(broken, exits::add, Duration.ofSeconds(1));
        assertThatThrownBy(() -> host.run(new String[0])).hasMessageContaining("port 9010");
        assertThat(host.phase()).isEqualTo(ServiceHost.Phase.FAILED);
        assertThat(calls).isEmpty();
        assertThatThrownBy(() -> host.run(new String[0])).hasMessageContaining("already started");
    }

    @Test
    void withoutABodyOnTheClassPathTheErrorNamesTheProcrunRegistryKey() {
        assertThatThrownBy(DuplexWindowsService::loadBody)
                .hasMessageContaining("found 0")
                .hasMessageContaining("Procrun 2.0\\Duplex\\Parameters\\Java");
    }
}

package org.duplex.node.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<ResourceChange> changes = new CopyOnWriteArrayList<>();
    private final FailureAction restart = FailureAction.of(FailureAction.Kind.RESTART);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private List<String> transitions() {
        return changes.stream().map(c -> c.resource() + " " + c.previous().word() + "->" + c.current().word()).toList();
    }

    @Test
    void tcpCheckerReportsInitUpDownOverLoopback() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        CheckSpec tcp = new CheckSpec("tcp.app", new TcpProbe("127.0.0.1", server.getLocalPort()), INTERVAL,
                Duration.ofSeconds(1), restart, "prim");
        try (CheckerService checkers = new CheckerService(List.of(tcp), changes::add, scheduler)) {
            assertThat(checkers.values()).containsEntry("tcp.app", ResourceValue.INIT);
            checkers.enable("prim");

            await().atMost(WAIT).until(() -> checkers.values().get("tcp.app") == ResourceValue.UP);
            server.close();
            await().atMost(WAIT).until(() -> checkers.values().get("tcp.app") == ResourceValue.DOWN);

            assertThat(transitions()).containsExactly("tcp.app init->up", "tcp.app up->down");
            assertThat(changes.get(1).action()).isEqualTo(restart);
            assertThat(changes.get(1).detail()).contains("cannot connect");
        }
    }

    @Test
    void checkersRunOnlyInTheirPhaseAndGoBackToInitAfterIt() {
        Map<String, ResourceValue> custom = new ConcurrentHashMap<>(Map.of("custom.app", ResourceValue.UP));
        CheckSpec prim = new CheckSpec("custom.app", new CustomProbe("custom.app", r -> Optional.ofNullable(custom.get(r))),
                INTERVAL, INTERVAL, FailureAction.of(FailureAction.Kind.STOPSTART), "prim");
        try (CheckerService checkers = new CheckerService(List.of(prim), changes::add, scheduler)) {
            checkers.enable("pre");
            checkers.enable("second");
            assertThat(checkers.values()).containsEntry("custom.app", ResourceValue.INIT);

            checkers.enable("prim");
            await().atMost(WAIT).until(() -> checkers.values().get("custom.app") == ResourceValue.UP);
            checkers.disable("prim");

            assertThat(checkers.values()).containsEntry("custom.app", ResourceValue.INIT);
            custom.put("custom.app", ResourceValue.DOWN);
            checkers.enable("prim");
            await().atMost(WAIT).until(() -> checkers.values().get("custom.app") == ResourceValue.DOWN);
            assertThat(transitions()).containsExactly(
                    "custom.app init->up", "custom.app up->init", "custom.app init->down");
        }
    }

    @Test
    void checkerOffKeepsTheValueAndStopsProbing() {
        Map<String, ResourceValue> custom = new ConcurrentHashMap<>(Map.of("custom.app", ResourceValue.UP));
        CheckSpec spec = new CheckSpec("custom.app", new CustomProbe("custom.app", r -> Optional.ofNullable(custom.get(r))),
                INTERVAL, INTERVAL, restart, "prim");
        try (CheckerService checkers = new CheckerService(List.of(spec), changes::add, scheduler)) {
            checkers.enable("prim");
            await().atMost(WAIT).until(() -> checkers.values().get("custom.app") == ResourceValue.UP);

            checkers.off();
            custom.put("custom.app", ResourceValue.DOWN);
            // Off is synchronous: no probe is scheduled any more, a probe in flight is discarded.
            assertThat(checkers.values()).containsEntry("custom.app", ResourceValue.UP);

            checkers.on();
            await().atMost(WAIT).until(() -> checkers.values().get("custom.app") == ResourceValue.DOWN);
            assertThat(transitions()).containsExactly("custom.app init->up", "custom.app up->down");
        }
    }
}

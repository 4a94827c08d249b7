package org.duplex.node.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.node.daemon.DaemonLock;
import org.duplex.node.daemon.ModuleHost;
import org.duplex.node.daemon.NodeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeServiceTest {
    @TempDir Path dir;

    /** A host whose behaviour each test chooses; records what it was asked. */
    static final class FakeHost implements ModuleHost {
        final String name;
        final List<String> calls = new ArrayList<>();
        RuntimeException failWith;
        boolean closed;

        FakeHost(String name) { this.name = name; }
        @Override public String name() { return name; }
        @Override public ModuleStatus status() {
            if (failWith != null) {
                throw failWith;
            }
            return new ModuleStatus(name, "STOP", "NotReady", "red", "", Map.of());
        }
        @Override public CommandResult command(String verb, List<String> args) {
            calls.add(verb);
            return new CommandResult("ok", status());
        }
        @Override public boolean ready() { return false; }
        @Override public void close() {
            closed = true;
            if (failWith != null) {
                throw failWith;
            }
        }
    }

    @Test
    void routesToTheModuleAndNamesTheInstalledOnesWhenUnknown() {
        NodeService node = new NodeService("node1", "t", Instant.now());
        FakeHost pg = new FakeHost("pg");
        node.add(pg);
        node.command("pg", "start", List.of());
        assertThat(pg.calls).containsExactly("start");
        assertThatThrownBy(() -> node.command("nope", "start", List.of()))
                .isInstanceOf(UserError.class).hasMessageContaining("'nope' is not installed").hasMessageContaining("pg");
    }

    @Test
    void aBuggyModuleDoesNotHideTheOthers() {
        NodeService node = new NodeService("node1", "t", Instant.now());
        FakeHost bad = new FakeHost("bad");
        bad.failWith = new IllegalStateException("boom");
        FakeHost good = new FakeHost("good");
        node.add(bad);
        node.add(good);

        assertThatThrownBy(() -> node.module("bad")).isInstanceOfSatisfying(UserError.class,
                e -> assertThat(e.kind()).isEqualTo(UserError.Kind.FAILED));
        assertThat(node.module("good").state()).isEqualTo("STOP");
        node.close();
        assertThat(good.closed).isTrue();
        assertThat(bad.closed).isTrue();
    }

    @Test
    void aSecondDaemonOnTheSameVarDirIsRefused() {
        Path lockFile = dir.resolve("private/daemon.lock");
        try (DaemonLock first = DaemonLock.acquire(lockFile)) {
            assertThatThrownBy(() -> DaemonLock.acquire(lockFile))
                    .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.REFUSED))
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        DaemonLock.acquire(lockFile).close();
    }
}

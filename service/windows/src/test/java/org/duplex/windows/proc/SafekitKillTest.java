package org.duplex.windows.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.duplex.common.UserError;
import org.junit.jupiter.api.Test;

class SafekitKillTest {
    private final List<String> kills = new ArrayList<>();
    private final ProcessTable table = new ProcessTable() {
        @Override
        public List<ProcessInfo> list() {
            return List.of(
                    new ProcessInfo(100, "postgres.exe", Optional.of("\"C:\\Program Files\\PostgreSQL\\13\\bin\\postgres.exe\" -D \"D:\\SSM\\pgdata\"")),
                    new ProcessInfo(101, "postgres.exe", Optional.of("postgres.exe --forkchild=\"autovacuum\" 7440")),
                    new ProcessInfo(102, "Postgres.EXE", Optional.empty()),
                    new ProcessInfo(200, "SSMService.exe", Optional.of("C:\\SSM\\SSMService.exe")));
        }

        @Override
        public boolean kill(long pid, boolean force) {
            kills.add(pid + (force ? " force" : ""));
            return pid != 101; // 101 exits by itself before we get to it
        }
    };

    @Test
    void nameMatchesImageCaseInsensitivelyWithOrWithoutExe() {
        var r = new SafekitKill(table).run("postgres", null, SafekitKill.Level.TEST);
        assertThat(r.matched()).extracting(ProcessInfo::pid).containsExactly(100L, 101L, 102L);
        assertThat(new SafekitKill(table).run("POSTGRES.exe", null, SafekitKill.Level.TEST).matched()).hasSize(3);
        assertThat(kills).isEmpty();
    }

    @Test
    void argregexSearchesTheCommandLineCaseInsensitivelyAndSkipsUnreadableOnes() {
        var r = new SafekitKill(table).run("postgres", "-d \"d:\\\\ssm", SafekitKill.Level.SIGKILL);
        assertThat(r.matched()).extracting(ProcessInfo::pid).containsExactly(100L);
        assertThat(kills).containsExactly("100 force");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void killReportsWhatItEndedAndExitCodeOneWhenNothingMatched() {
        var r = new SafekitKill(table).run("postgres", null, SafekitKill.parseLevel("terminate"));
        assertThat(kills).containsExactly("100", "101", "102");
        assertThat(r.killed()).containsExactly(100L, 102L);
        assertThat(new SafekitKill(table).run("nginx", null, SafekitKill.Level.TEST).exitCode()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> SafekitKill.parseLevel("KILL")).isInstanceOf(UserError.class)
                .hasMessageContaining("-level='KILL'");
        assertThatThrownBy(() -> new SafekitKill(table).run("postgres", "([", SafekitKill.Level.TEST))
                .hasMessageContaining("argregex '(['");
        assertThatThrownBy(() -> ProcessMatcher.of("x".repeat(64), null, "userconfig.xml <proc>"))
                .hasMessageContaining("userconfig.xml <proc>").hasMessageContaining("1 to 63");
        assertThatThrownBy(() -> ProcessMatcher.of("p", "[[:digit:]]+", "w")).hasMessageContaining("[0-9]");
    }
}

package org.duplex.node.errd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.duplex.common.UserError;
import org.duplex.node.check.FailureAction;
import org.duplex.node.check.ResourceValue;
import org.junit.jupiter.api.Test;

class ProcessMatcherTest {
    private static final ProcessInfo POSTGRES = new ProcessInfo(10, "postgres",
            List.of("/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/15/main"));
    private static final ProcessInfo CHECKPOINTER = new ProcessInfo(11, "postgres",
            List.of("postgres: 15/main: checkpointer"));
    private static final ProcessInfo ORA_PMON = new ProcessInfo(12, "ora_pmon_orcl", List.of("ora_pmon_orcl"));
    private static final ProcessInfo LONG_NAME = new ProcessInfo(13, "ssm-recorder-se", List.of("/opt/ssm/ssm-recorder-service"));

    private static ProcessMatcher matcher(String name, String nameRegex, String argRegex) {
        return ProcessMatcher.of(name, Optional.ofNullable(nameRegex), Optional.ofNullable(argRegex));
    }

    @Test
    void plainNameMatchesTheKernelNameExactly() {
        assertThat(matcher("postgres", null, null).matches(POSTGRES)).isTrue();
        assertThat(matcher("postgre", null, null).matches(POSTGRES)).isFalse();
        assertThat(matcher("ssm-recorder-service", null, null).matches(LONG_NAME))
                .as("names are cut to 15 characters like the kernel does").isTrue();
    }

    @Test
    void nameRegexReplacesTheNameComparison() {
        assertThat(matcher("oracle", "ora_.*", null).matches(ORA_PMON)).isTrue();
        assertThat(matcher("oracle", "^pmon", null).matches(ORA_PMON)).isFalse();
    }

    @Test
    void argRegexIsSearchedInTheWholeCommandLine() {
        ProcessMatcher main = matcher("postgres", null, "-D /var/lib/postgresql");
        assertThat(main.matches(POSTGRES)).isTrue();
        assertThat(main.matches(CHECKPOINTER)).isFalse();
    }

    @Test
    void invalidRegexIsAClearError() {
        assertThatThrownBy(() -> matcher("x", null, "([a-"))
                .isInstanceOf(UserError.class).hasMessageContaining("argregex '([a-'");
    }

    @Test
    void countIsCheckedAgainstAtLeastAndAtMost() {
        List<ProcessInfo> table = List.of(POSTGRES, CHECKPOINTER, ORA_PMON);
        ProcessMatcher postgres = matcher("postgres", null, null);
        FailureAction restart = FailureAction.of(FailureAction.Kind.RESTART);

        assertThat(new ProcWatch(postgres, 1, -1, restart, "prim", 1).assess(table).value()).isEqualTo(ResourceValue.UP);
        assertThat(new ProcWatch(postgres, 3, -1, restart, "prim", 1).assess(table).value()).isEqualTo(ResourceValue.DOWN);
        assertThat(new ProcWatch(postgres, 1, 1, restart, "prim", 1).assess(table).value()).isEqualTo(ResourceValue.DOWN);
        assertThat(new ProcWatch(postgres, 3, -1, restart, "prim", 1).assess(table).detail())
                .contains("2 process(es)").contains("at least 3");
    }

    @Test
    void actionWordsAndCustomHandlers() {
        assertThat(FailureAction.parse("stopstart").kind()).isEqualTo(FailureAction.Kind.STOPSTART);
        assertThat(FailureAction.parse("noaction").kind()).isEqualTo(FailureAction.Kind.NOACTION);
        FailureAction custom = FailureAction.parse("myhandler");
        assertThat(custom.kind()).isEqualTo(FailureAction.Kind.CUSTOM);
        assertThat(custom.customHandler()).contains("myhandler");
    }
}

package org.duplex.windows.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;
import org.junit.jupiter.api.Test;

class FilterConfigTest {
    private static final Map<String, String> VOLUMES = Map.of("C:", "\\Device\\HarddiskVolume3", "D:", "\\Device\\HarddiskVolume5");

    @Test
    void drivePathsBecomeDevicePathsAndTheMessageMatchesTheCLayout() {
        List<FilterConfig.Rule> rules = FilterConfig.rules(
                List.of(WindowsPath.parse("d:\\SSM\\pgdata", "t")),
                List.of(WindowsPath.parse("D:\\SSM\\pgdata\\pg_stat_tmp", "t")), VOLUMES::get);
        assertThat(rules).containsExactly(
                new FilterConfig.Rule(true, "\\Device\\HarddiskVolume5\\SSM\\pgdata"),
                new FilterConfig.Rule(false, "\\Device\\HarddiskVolume5\\SSM\\pgdata\\pg_stat_tmp"));

        byte[] bytes = new FilterConfig(FilterConfig.Mode.READ_ONLY, 4321, true, 300, rules).encode();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // struct dpx_config: command, version, mode, exempt_pid, acl, reply_timeout_seconds, rule_count, reserved
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()})
                .containsExactly(1, 1, 2, 4321, 1, 300, 2, 0);
        int kind = b.getInt();
        int len = b.getInt();
        byte[] path = new byte[len];
        b.get(path);
        assertThat(kind).isEqualTo(1);
        assertThat(new String(path, StandardCharsets.UTF_16LE)).isEqualTo("\\Device\\HarddiskVolume5\\SSM\\pgdata");
        assertThat(b.getInt()).isEqualTo(2);
        int len2 = b.getInt();
        assertThat(len2).isEqualTo(2 * "\\Device\\HarddiskVolume5\\SSM\\pgdata\\pg_stat_tmp".length());
        assertThat(b.remaining()).isEqualTo(len2);
    }

    @Test
    void networkSharesAndUnknownDrivesAreRefusedByName() {
        assertThatThrownBy(() -> FilterConfig.rules(List.of(WindowsPath.parse("\\\\nas\\video\\db", "t")), List.of(), VOLUMES::get))
                .isInstanceOf(UserError.class).hasMessageContaining("\\\\nas\\video\\db").hasMessageContaining("network share");
        assertThatThrownBy(() -> FilterConfig.rules(List.of(WindowsPath.parse("E:\\db", "t")), List.of(), VOLUMES::get))
                .hasMessageContaining("drive E:").hasMessageContaining("E:\\db");
    }

    @Test
    void limitsAreChecked() {
        var rule = new FilterConfig.Rule(true, "\\Device\\HarddiskVolume3\\x");
        assertThatThrownBy(() -> new FilterConfig(FilterConfig.Mode.REPLICATE, 1, false, 300,
                java.util.Collections.nCopies(65, rule))).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> new FilterConfig(FilterConfig.Mode.REPLICATE, 0, false, 300, List.of(rule)))
                .hasMessageContaining("pid");
    }
}

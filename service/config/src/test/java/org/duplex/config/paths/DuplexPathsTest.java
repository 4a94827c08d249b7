package org.duplex.config.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

class DuplexPathsTest {
    @Test
    void linuxDefaults() {
        DuplexPaths p = DuplexPaths.fromEnvironment(Map.of(), Platform.LINUX);
        assertThat(p.safe()).isEqualTo(Path.of("/opt/duplex"));
        assertThat(p.safeVar()).isEqualTo(Path.of("/var/lib/duplex"));
    }

    @Test
    void environmentOverridesTheRootsAndEverythingFollows() {
        DuplexPaths p = DuplexPaths.fromEnvironment(Map.of("DUPLEX_SAFE", "/tmp/n1/safe", "DUPLEX_SAFEVAR", "/tmp/n1/var"),
                Platform.LINUX);
        assertThat(p.moduleEnvironment("pg")).containsExactly(
                Map.entry("SAFE", "/tmp/n1/safe"),
                Map.entry("SAFEBIN", "/tmp/n1/safe/private/bin"),
                Map.entry("SAFEVAR", "/tmp/n1/var"),
                Map.entry("SAFEMODULE", "pg"),
                Map.entry("SAFEUSERBIN", "/tmp/n1/safe/private/modules/pg/bin"),
                Map.entry("SAFEUSERCONF", "/tmp/n1/safe/private/modules/pg/conf"),
                Map.entry("SAFEUSERVAR", "/tmp/n1/var/modules/pg"));
        assertThat(p.moduleDir("pg")).isEqualTo(Path.of("/tmp/n1/safe/modules/pg"));
        assertThat(p.clusterConfig()).isEqualTo(Path.of("/tmp/n1/var/cluster/cluster.xml"));
    }

    @Test
    void moduleNamesThatCouldEscapeAreRefused() {
        DuplexPaths p = DuplexPaths.fromEnvironment(Map.of(), Platform.LINUX);
        for (String bad : new String[] {"../etc", "a/b", "", "1abc", "a b", "x".repeat(33)}) {
            assertThatThrownBy(() -> p.moduleDir(bad)).isInstanceOf(UserError.class).hasMessageContaining("invalid module name");
        }
        assertThat(ModuleNames.isValid("hanwha_ssm")).isTrue();
    }
}

package org.duplex.node.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptEnvironmentTest {
    private final ScriptEnvironment env = ScriptEnvironment.forModule(
            new org.duplex.config.paths.DuplexPaths(Path.of("/opt/safekit"), Path.of("/var/safekit")),
            "mirror", Map.of("SERVICES", "postgresql", "SAFE", "/user/tries/to/override"));

    @Test
    void safekitLayoutOfAModule() {
        Map<String, String> vars = env.variables(Map.of("PATH", "/usr/bin:/bin"), Platform.LINUX);

        assertThat(vars)
                .containsEntry("SAFE", "/opt/safekit")
                .containsEntry("SAFEBIN", "/opt/safekit/private/bin")
                .containsEntry("SAFEVAR", "/var/safekit")
                .containsEntry("SAFEMODULE", "mirror")
                .containsEntry("SAFEUSERBIN", "/opt/safekit/private/modules/mirror/bin")
                .containsEntry("SAFEUSERCONF", "/opt/safekit/private/modules/mirror/conf")
                .containsEntry("SAFEUSERVAR", "/var/safekit/modules/mirror")
                .containsEntry("SERVICES", "postgresql")
                .containsEntry("PATH", "/opt/safekit:/usr/bin:/bin");
    }

    @Test
    void windowsPathUsesSemicolons() {
        assertThat(env.variables(Map.of("PATH", "C:\\Windows"), Platform.WINDOWS).get("PATH"))
                .isEqualTo("/opt/safekit;C:\\Windows");
    }
}

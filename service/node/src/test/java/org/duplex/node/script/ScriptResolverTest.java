package org.duplex.node.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.duplex.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptResolverTest {
    @TempDir Path bin;

    private Path write(String name, String content, boolean executable) throws IOException {
        Path file = Files.writeString(bin.resolve(name), content);
        if (executable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return file;
    }

    @Test
    void missingScriptResolvesToNothing() {
        assertThat(new ScriptResolver(Platform.LINUX).resolve(bin, "start_prim")).isEmpty();
        assertThat(new ScriptResolver(Platform.WINDOWS).resolve(bin, "start_prim")).isEmpty();
    }

    @Test
    void linuxShebangScriptRunsDirectlyAndPlainTextUnderSh() throws IOException {
        Path withShebang = write("start_prim", "#!/bin/bash\necho hi\n", true);
        Path plain = write("stop_prim", "echo hi\n", true);
        var resolver = new ScriptResolver(Platform.LINUX);

        assertThat(resolver.resolve(bin, "start_prim").orElseThrow().commandLine(List.of("a")))
                .containsExactly(withShebang.toString(), "a");
        assertThat(resolver.resolve(bin, "stop_prim").orElseThrow().commandLine(List.of("a")))
                .containsExactly("/bin/sh", plain.toString(), "a");
    }

    @Test
    void linuxNonExecutableScriptIsAClearErrorNamingTheFile() throws IOException {
        Path file = write("start_prim", "#!/bin/sh\n", false);
        assertThatThrownBy(() -> new ScriptResolver(Platform.LINUX).resolve(bin, "start_prim"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not executable");
    }

    @Test
    void linuxIgnoresWindowsFlavouredFiles() throws IOException {
        write("start_prim.cmd", "@echo off\n", true);
        assertThat(new ScriptResolver(Platform.LINUX).resolve(bin, "start_prim")).isEmpty();
    }

    @Test
    void windowsRunsCmdAndBatUnderCmdExeAndPrefersCmd() throws IOException {
        write("start_prim.bat", "@echo off\n", false);
        Path cmd = write("start_prim.cmd", "@echo off\n", false);
        Path bat = write("stop_prim.bat", "@echo off\n", false);
        var resolver = new ScriptResolver(Platform.WINDOWS);

        assertThat(resolver.resolve(bin, "start_prim").orElseThrow().commandLine(List.of("PRIM")))
                .containsExactly("cmd.exe", "/c", cmd.toString(), "PRIM");
        assertThat(resolver.resolve(bin, "stop_prim").orElseThrow().commandLine(List.of()))
                .containsExactly("cmd.exe", "/c", bat.toString());
    }

    @Test
    void windowsPowerShellAndExecutables() throws IOException {
        Path ps1 = write("prestart.ps1", "Write-Host hi\n", false);
        Path exe = write("poststop.exe", "MZ", false);
        var resolver = new ScriptResolver(Platform.WINDOWS);

        assertThat(resolver.resolve(bin, "prestart").orElseThrow().interpreter())
                .startsWith("powershell.exe").endsWith("-File");
        assertThat(resolver.resolve(bin, "prestart").orElseThrow().file()).isEqualTo(ps1);
        assertThat(resolver.resolve(bin, "poststop").orElseThrow().commandLine(List.of("x")))
                .containsExactly(exe.toString(), "x");
    }
}

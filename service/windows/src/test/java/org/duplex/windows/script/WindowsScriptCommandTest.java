package org.duplex.windows.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;
import org.junit.jupiter.api.Test;

class WindowsScriptCommandTest {
    private static final WindowsPath WINDIR = WindowsPath.parse("C:\\Windows", "t");
    private static final SafekitLayout LAYOUT = new SafekitLayout(
            WindowsPath.parse("C:\\Program Files (x86)\\Duplex", "t"), WindowsPath.parse("C:\\ProgramData\\Duplex", "t"));

    @Test
    void cmdScriptUnderProgramFilesX86IsQuotedInsideOneOuterPair() {
        WindowsPath script = LAYOUT.userBin("hanwha_ssm").resolve("start_prim.cmd");
        List<String> argv = WindowsScriptCommand.argv(script, List.of("ALONE", "PRIM", "start"), WINDIR);
        assertThat(argv).containsExactly("C:\\Windows\\System32\\cmd.exe", "/d", "/s", "/c",
                "\"\"C:\\Program Files (x86)\\Duplex\\private\\modules\\hanwha_ssm\\bin\\start_prim.cmd\""
                        + " \"ALONE\" \"PRIM\" \"start\"\"");
    }

    @Test
    void batIsRunLikeCmdAndPowershellAndVbsGetTheirInterpreters() {
        WindowsPath bin = LAYOUT.userBin("m");
        assertThat(WindowsScriptCommand.argv(bin.resolve("x.BAT"), List.of(), WINDIR).get(0)).endsWith("cmd.exe");
        assertThat(WindowsScriptCommand.argv(bin.resolve("check.ps1"), List.of("a b"), WINDIR)).containsExactly(
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-File", bin.resolve("check.ps1").toString(), "a b");
        assertThat(WindowsScriptCommand.argv(bin.resolve("s.vbs"), List.of(), WINDIR))
                .containsExactly("C:\\Windows\\System32\\cscript.exe", "//NoLogo", bin.resolve("s.vbs").toString());
        assertThat(WindowsScriptCommand.argv(bin.resolve("exitcode.exe"), List.of("0"), WINDIR))
                .containsExactly(bin.resolve("exitcode.exe").toString(), "0");
    }

    @Test
    void refusesExtensionsWindowsCannotRunAndCharactersCmdWouldReinterpret() {
        WindowsPath bin = LAYOUT.userBin("m");
        assertThatThrownBy(() -> WindowsScriptCommand.argv(bin.resolve("start_prim"), List.of(), WINDIR))
                .isInstanceOf(UserError.class).hasMessageContaining("start_prim").hasMessageContaining(".cmd, .bat");
        assertThatThrownBy(() -> WindowsScriptCommand.argv(bin.resolve("a.cmd"), List.of("100%"), WINDIR))
                .hasMessageContaining("'100%'");
        assertThatThrownBy(() -> WindowsScriptCommand.argv(bin.resolve("a.cmd"), List.of("say \"hi\""), WINDIR))
                .hasMessageContaining("quote");
    }

    @Test
    void environmentHasSafekitsSevenVariablesThenModuleVars() {
        Map<String, String> env = LAYOUT.scriptEnvironment("hanwha_ssm", Map.of("SERVICES", "SSM Service, postgresql-x64-13"));
        assertThat(env).containsExactly(
                Map.entry("SAFE", "C:\\Program Files (x86)\\Duplex"),
                Map.entry("SAFEBIN", "C:\\Program Files (x86)\\Duplex\\private\\bin"),
                Map.entry("SAFEVAR", "C:\\ProgramData\\Duplex"),
                Map.entry("SAFEMODULE", "hanwha_ssm"),
                Map.entry("SAFEUSERBIN", "C:\\Program Files (x86)\\Duplex\\private\\modules\\hanwha_ssm\\bin"),
                Map.entry("SAFEUSERCONF", "C:\\Program Files (x86)\\Duplex\\private\\modules\\hanwha_ssm\\conf"),
                Map.entry("SAFEUSERVAR", "C:\\ProgramData\\Duplex\\modules\\hanwha_ssm"),
                Map.entry("SERVICES", "SSM Service, postgresql-x64-13"));
    }

    @Test
    void moduleVariablesCannotShadowSafekitsEvenInAnotherCase() {
        assertThatThrownBy(() -> LAYOUT.scriptEnvironment("m", Map.of("safeVar", "D:\\x")))
                .hasMessageContaining("safeVar");
        assertThatThrownBy(() -> LAYOUT.scriptEnvironment("../m", Map.of())).hasMessageContaining("../m");
    }
}

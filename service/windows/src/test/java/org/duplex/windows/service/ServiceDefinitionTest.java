package org.duplex.windows.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.duplex.windows.path.WindowsPath;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {
    private final WindowsPath home = WindowsPath.parse("C:\\Program Files\\Duplex", "t");
    private final WindowsPath var = WindowsPath.parse("C:\\ProgramData\\Duplex", "t");
    private final WindowsPath jvm = WindowsPath.parse("C:\\Program Files\\Eclipse Adoptium\\jre-21\\bin\\server\\jvm.dll", "t");

    @Test
    void procrunInstallArgsRegisterJvmModeEntryPointsAndTheFilterDependency() {
        List<String> a = ServiceDefinition.DUPLEX.procrunInstallArgs(home, var, jvm);
        assertThat(a.get(0)).isEqualTo("//IS//Duplex");
        assertThat(a).contains(
                "--Startup=auto",
                "--DependsOn=DuplexFlt#Tcpip",
                "--Jvm=" + jvm,
                "--Classpath=C:\\Program Files\\Duplex\\lib\\*",
                "--StartMode=jvm", "--StopMode=jvm",
                "--StartClass=org.duplex.windows.service.DuplexWindowsService", "--StartMethod=start",
                "--StopClass=org.duplex.windows.service.DuplexWindowsService", "--StopMethod=stop",
                "--StopTimeout=120",
                "--LogPath=C:\\ProgramData\\Duplex\\log");
        assertThat(a).anySatisfy(s -> assertThat(s).startsWith("--JvmOptions=-Dduplex.home=C:\\Program Files\\Duplex#"));
    }

    @Test
    void entryPointsExistWithProcrunsSignature() throws Exception {
        Class<?> c = Class.forName(ServiceDefinition.ENTRY_CLASS);
        assertThat(c.getMethod("start", String[].class).getModifiers() & java.lang.reflect.Modifier.STATIC).isNotZero();
        assertThat(c.getMethod("stop", String[].class).getModifiers() & java.lang.reflect.Modifier.STATIC).isNotZero();
    }

    @Test
    void scFailureRestartsThreeTimesAndResetsAfterADay() {
        assertThat(ServiceDefinition.DUPLEX.scFailureArgs()).containsExactly(
                "failure", "Duplex", "reset=", "86400", "actions=", "restart/60000/restart/60000/restart/300000");
    }

    @Test
    void rejectsAnInvalidDefinition() {
        assertThatThrownBy(() -> new ServiceDefinition("Dup lex", "d", "d", List.of(), Duration.ofSeconds(1),
                List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), Duration.ofDays(1))).hasMessageContaining("Dup lex");
        assertThatThrownBy(() -> new ServiceDefinition("D", "d", "d", List.of(), Duration.ofSeconds(1),
                List.of(Duration.ZERO), Duration.ofDays(1))).hasMessageContaining("3 recovery actions");
    }
}

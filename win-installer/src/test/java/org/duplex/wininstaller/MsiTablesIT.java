package org.duplex.wininstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.duplex.windows.service.ServiceDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the MSI the build just made (win-installer/build-msi.sh) and checks what Windows Installer
 * will do with it: files, service registration and control, procrun's registry parameters, the
 * Event Log source, the upgrade code, the Java launch condition and the deferred custom actions.
 * Service values are compared with {@link ServiceDefinition}, the Java side's single source.
 */
class MsiTablesIT {
    private static final String UPGRADE_CODE = "{8E2D6F4A-3B7C-4D1E-9A5F-0C6B2E8D4A17}";
    private static final String PROCRUN_KEY = "SOFTWARE\\Apache Software Foundation\\Procrun 2.0\\Duplex\\Parameters";
    private static final int HKLM = 2;
    private static Path msi;

    @BeforeAll
    static void locateMsi() {
        msi = Path.of(System.getProperty("duplex.msi", "target/missing.msi"));
        assumeTrue(Files.exists(msi), "MSI not built (" + msi + "): wixl or mingw-w64 is missing; ./duplex test installs both");
    }

    private static MsiTable table(String name) throws Exception {
        return MsiTable.read(msi, name);
    }

    @Test
    void installsJarsBridgeProcrunDriverInfAndWrappers() throws Exception {
        List<String> names = table("File").column("FileName").stream()
                .map(n -> n.contains("|") ? n.substring(n.indexOf('|') + 1) : n).toList();
        assertThat(names).contains("prunsrv.exe", "duplexbridge.dll", "duplex-setup.exe", "duplexflt.inf",
                "duplex.cmd", "logback.xml");
        assertThat(names.stream().filter("safekit.cmd"::equals)).hasSize(2); // SAFE and SAFEBIN
        assertThat(names).anyMatch(n -> n.startsWith("duplex-windows-") && n.endsWith(".jar"))
                .anyMatch(n -> n.startsWith("duplex-cli-") && n.endsWith(".jar"))
                .anyMatch(n -> n.startsWith("jna-platform-"))
                .anyMatch(n -> n.startsWith("logback-classic-"));
        // Every component is 64-bit (msidbComponentAttributes64bit = 256): registry and files land in the native views.
        assertThat(table("Component").column("Attributes")).allMatch(a -> (Integer.parseInt(a) & 256) != 0);
    }

    @Test
    void registersTheServiceAsServiceDefinitionSays() throws Exception {
        ServiceDefinition def = ServiceDefinition.DUPLEX;
        Map<String, String> svc = table("ServiceInstall").row("Name", def.name());
        assertThat(svc.get("DisplayName")).isEqualTo(def.displayName());
        assertThat(svc.get("Description")).isEqualTo(def.description());
        assertThat(svc.get("ServiceType")).isEqualTo("16");  // SERVICE_WIN32_OWN_PROCESS
        assertThat(svc.get("StartType")).isEqualTo("2");    // SERVICE_AUTO_START
        assertThat(svc.get("ErrorControl")).isEqualTo("1"); // SERVICE_ERROR_NORMAL
        assertThat(svc.get("StartName")).isEqualTo("LocalSystem");
        assertThat(svc.get("Arguments")).isEqualTo("//RS//" + def.name());
        assertThat(List.of(svc.get("Dependencies").split("\\[~\\]"))).containsExactlyElementsOf(def.dependsOn());
        // The service is installed with the component that holds prunsrv.exe, its executable.
        assertThat(table("File").row("File", "prunsrv.exe").get("Component_")).isEqualTo(svc.get("Component_"));

        Map<String, String> control = table("ServiceControl").row("Name", def.name());
        // msidbServiceControlEvent: stop on install (0x2) and uninstall (0x20), delete on uninstall (0x80); no start.
        assertThat(Integer.parseInt(control.get("Event"))).isEqualTo(0x2 | 0x20 | 0x80);
        assertThat(control.get("Wait")).isEqualTo("1");
    }

    @Test
    void procrunParametersRunTheJvmModeEntryPoints() throws Exception {
        Map<String, String> values = table("Registry").rows().stream()
                .filter(r -> r.get("Key").startsWith(PROCRUN_KEY))
                .peek(r -> assertThat(r.get("Root")).isEqualTo(String.valueOf(HKLM)))
                .collect(Collectors.toMap(r -> r.get("Key").substring(PROCRUN_KEY.length()) + "\\" + r.get("Name"),
                        r -> r.get("Value")));
        String entry = ServiceDefinition.ENTRY_CLASS;
        assertThat(values).containsEntry("\\Start\\Mode", "jvm").containsEntry("\\Start\\Class", entry)
                .containsEntry("\\Start\\Method", "start")
                .containsEntry("\\Stop\\Mode", "jvm").containsEntry("\\Stop\\Class", entry)
                .containsEntry("\\Stop\\Method", "stop")
                .containsEntry("\\Stop\\Timeout", "#" + ServiceDefinition.DUPLEX.stopTimeout().toSeconds())
                .containsEntry("\\Java\\Classpath", "[INSTALLDIR]lib\\*")
                .containsEntry("\\Java\\Jvm", "auto")
                .containsEntry("\\Log\\Path", "[LOGDIR]");
        assertThat(List.of(values.get("\\Java\\Options").split("\\[~\\]"))).contains(
                "-Dduplex.home=[INSTALLDIR]", "-Dduplex.var=[VARDIR]", "-Djna.library.path=[BINDIR]",
                "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void eventLogSourceIsRegistered() throws Exception {
        Map<String, String> source = table("Registry").row("Name", "EventMessageFile");
        assertThat(source.get("Key")).isEqualTo("SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\Duplex");
        assertThat(source.get("Value")).endsWith("EventLogMessages.dll");
    }

    @Test
    void upgradeCodeIsStableAndNewerVersionsReplaceOlderOnes() throws Exception {
        assertThat(table("Property").row("Property", "UpgradeCode").get("Value")).isEqualTo(UPGRADE_CODE);
        assertThat(table("Upgrade").column("UpgradeCode")).containsOnly(UPGRADE_CODE).hasSize(2);
        assertThat(table("InstallExecuteSequence").column("Action")).contains("RemoveExistingProducts");
    }

    @Test
    void refusesToInstallWithoutJavaAndSaysWhatToInstall() throws Exception {
        Map<String, String> java = table("LaunchCondition").row("Condition",
                "Installed OR %JAVA_HOME OR JAVASOFT_JDK OR JAVASOFT_JRE");
        assertThat(java.get("Description")).contains("Java").contains("21").contains("Temurin");
        assertThat(table("RegLocator").column("Key")).contains("SOFTWARE\\JavaSoft\\JDK", "SOFTWARE\\JavaSoft\\JRE");
    }

    @Test
    void driverAndRecoveryActionsRunDeferredAsSystemInsideTheScript() throws Exception {
        MsiTable actions = table("CustomAction");
        MsiTable sequence = table("InstallExecuteSequence");
        int initialize = Integer.parseInt(sequence.row("Action", "InstallInitialize").get("Sequence"));
        int finalize = Integer.parseInt(sequence.row("Action", "InstallFinalize").get("Sequence"));
        for (String id : List.of("InstallFilterDriver", "UninstallFilterDriver", "SetServiceRecovery")) {
            Map<String, String> a = actions.row("Action", id);
            int type = Integer.parseInt(a.get("Type"));
            assertThat(type & 0x3F).as(id + " runs an installed exe (type 18)").isEqualTo(18);
            assertThat(type & 0x400).as(id + " is deferred").isNotZero();
            assertThat(type & 0x800).as(id + " runs as LocalSystem (no impersonation)").isNotZero();
            assertThat(a.get("Source")).isEqualTo("duplex_setup.exe");
            assertThat(Integer.parseInt(sequence.row("Action", id).get("Sequence"))).isBetween(initialize, finalize);
        }
        int installFiles = Integer.parseInt(sequence.row("Action", "InstallFiles").get("Sequence"));
        int installServices = Integer.parseInt(sequence.row("Action", "InstallServices").get("Sequence"));
        assertThat(Integer.parseInt(sequence.row("Action", "InstallFilterDriver").get("Sequence"))).isGreaterThan(installFiles);
        assertThat(Integer.parseInt(sequence.row("Action", "SetServiceRecovery").get("Sequence"))).isGreaterThan(installServices);
        List<String> sc = ServiceDefinition.DUPLEX.scFailureArgs(); // failure Duplex reset= N actions= restart/ms/...
        String delays = sc.get(5).replace("restart/", "").replace("/", " ");
        assertThat(actions.row("Action", "SetServiceRecovery").get("Target"))
                .isEqualTo("service-recovery " + sc.get(1) + " " + sc.get(3) + " " + delays);
        assertThat(actions.row("Action", "InstallFilterDriver").get("Target")).isEqualTo("install-driver \"[#duplexflt.inf]\"");
    }

    @Test
    void uninstallKeepsModuleDataAndLogs() throws Exception {
        // Windows Installer removes only files it installed, and created folders only when empty:
        // no RemoveFile rows means nothing under SAFEVAR or modules\ is deleted.
        assertThat(table("RemoveFile").rows()).isEmpty();
        assertThat(table("CreateFolder").column("Directory_")).contains("VARDIR", "MODULESDIR", "LOGDIR");
        assertThat(table("Directory").row("Directory", "VARDIR").get("Directory_Parent")).isEqualTo("CommonAppDataFolder");
    }
}

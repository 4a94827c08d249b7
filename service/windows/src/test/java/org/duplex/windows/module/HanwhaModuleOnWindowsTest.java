package org.duplex.windows.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.UserConfigParser;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.ModuleStore;
import org.duplex.windows.filter.FilterConfig;
import org.duplex.windows.path.WindowsPath;
import org.duplex.windows.proc.ProcessInfo;
import org.duplex.windows.script.SafekitLayout;
import org.duplex.windows.vip.NicInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped modules/hanwha_ssm.safe, zipped as a customer receives it, installed through the
 * module store with the Windows platform, then turned into the Windows drivers' inputs: minifilter
 * rules, .cmd scripts run through cmd.exe under "C:\Program Files\Duplex", errd matchers, the VIP
 * on the right adapter. Then the same path with broken copies of the module, each refused by name.
 */
class HanwhaModuleOnWindowsTest {
    private static final Path MODULE_SOURCE = Path.of("../../modules/hanwha_ssm.safe");
    private static final WindowsPath WINDIR = WindowsPath.parse("C:\\Windows", "test");
    private static final SafekitLayout LAYOUT = new SafekitLayout(
            WindowsPath.parse("C:\\Program Files\\Duplex", "test"), WindowsPath.parse("C:\\ProgramData\\Duplex", "test"));

    @TempDir
    Path tmp;

    private WindowsModulePlan.Machine machine() throws IOException {
        NicInfo lan = new NicInfo(11, "Ethernet0", List.of(new NicInfo.Prefix((Inet4Address) InetAddress.getByName("192.168.1.21"), 24)));
        NicInfo heartbeat = new NicInfo(14, "Ethernet1", List.of(new NicInfo.Prefix((Inet4Address) InetAddress.getByName("10.10.0.21"), 24)));
        return new WindowsModulePlan.Machine(LAYOUT, WINDIR, d -> d.equals("C:") ? "\\Device\\HarddiskVolume2" : null,
                List.of(lan, heartbeat));
    }

    /** Zips a module folder the way the build packs modules/*.safe. */
    private static Path pack(Path moduleDir, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(moduleDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(moduleDir.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return archive;
    }

    private WindowsModulePlan installAndPlan(Path moduleDir) throws IOException {
        DuplexPaths paths = new DuplexPaths(tmp.resolve("safe"), tmp.resolve("safevar"));
        Files.createDirectories(paths.modulesDir());
        ModuleStore store = new ModuleStore(paths, Platform.WINDOWS, Map.of());
        var installed = store.install("hanwha_ssm", pack(moduleDir, tmp.resolve("hanwha_ssm.safe")), OptionalInt.empty());
        ModuleConfig config = new UserConfigParser(Platform.WINDOWS, Map.of())
                .parse(installed.module().dir().resolve("conf/userconfig.xml")).config();
        return WindowsModulePlan.of("hanwha_ssm", config, installed.module().dir(), machine());
    }

    @Test
    void shippedModuleInstallsAndMapsOntoTheWindowsDrivers() throws IOException {
        WindowsModulePlan plan = installAndPlan(MODULE_SOURCE);

        assertThat(plan.replicated()).extracting(WindowsPath::toString).containsExactly(
                "C:\\PostgreSQL\\9.1\\data", "C:\\Program Files (x86)\\Samsung\\SSM\\SystemManager\\MapFile");
        assertThat(plan.filterRules()).containsExactly(
                new FilterConfig.Rule(true, "\\Device\\HarddiskVolume2\\PostgreSQL\\9.1\\data"),
                new FilterConfig.Rule(true, "\\Device\\HarddiskVolume2\\Program Files (x86)\\Samsung\\SSM\\SystemManager\\MapFile"),
                new FilterConfig.Rule(false, "\\Device\\HarddiskVolume2\\PostgreSQL\\9.1\\data\\pg_log"),
                new FilterConfig.Rule(false, "\\Device\\HarddiskVolume2\\PostgreSQL\\9.1\\data\\postmaster.pid"));
        // The rules encode into one DPX_CMD_SET_CONFIG message the minifilter accepts (<= 64 rules).
        assertThat(new FilterConfig(FilterConfig.Mode.REPLICATE, 1234, false, 300, plan.filterRules()).encode()).isNotEmpty();

        assertThat(plan.scripts()).containsOnlyKeys("prestart", "start_prim", "stop_prim");
        assertThat(plan.argv("start_prim", List.of("ALONE", "PRIM", "start"), WINDIR)).containsExactly(
                "C:\\Windows\\System32\\cmd.exe", "/d", "/s", "/c",
                "\"\"C:\\Program Files\\Duplex\\private\\modules\\hanwha_ssm\\bin\\start_prim.cmd\" \"ALONE\" \"PRIM\" \"start\"\"");
        assertThat(plan.environment()).containsEntry("SAFE", "C:\\Program Files\\Duplex")
                .containsEntry("SAFEMODULE", "hanwha_ssm")
                .containsEntry("SAFEUSERVAR", "C:\\ProgramData\\Duplex\\modules\\hanwha_ssm");

        assertThat(plan.procs()).extracting(p -> p.config().name())
                .containsExactly("pg_ctl.exe", "ServiceManager.exe", "HAServerService.exe");
        var pgCtl = plan.procs().get(0).matcher().orElseThrow();
        assertThat(pgCtl.matches(new ProcessInfo(7, "PG_CTL.EXE", Optional.empty()))).isTrue();
        assertThat(pgCtl.matches(new ProcessInfo(8, "postgres.exe", Optional.empty()))).isFalse();

        assertThat(plan.vips()).singleElement().satisfies(v -> {
            assertThat(v.vip().getHostAddress()).isEqualTo("192.168.1.222");
            assertThat(v.nic().friendlyName()).isEqualTo("Ethernet0");
            assertThat(v.dottedMask()).isEqualTo("255.255.255.0");
        });
    }

    /** A copy of the shipped module with one file rewritten. */
    private Path variant(String file, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path copy = Files.createTempDirectory(tmp, "variant");
        try (Stream<Path> files = Files.walk(MODULE_SOURCE)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(MODULE_SOURCE.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Path target = copy.resolve(file);
        Files.writeString(target, edit.apply(Files.readString(target, StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        return copy;
    }

    @Test
    void aCmdScriptWithUnixLineEndsIsRefusedNamingFileAndLine() throws IOException {
        Path module = variant("bin/stop_prim.cmd", s -> s.replace("\r\n", "\n"));
        assertThatThrownBy(() -> installAndPlan(module)).isInstanceOf(UserError.class)
                .hasMessageContaining("stop_prim.cmd:1:").hasMessageContaining("CRLF");
    }

    @Test
    void aReplicatedPathWindowsCannotHoldIsRefusedWithItsConfigLine() throws IOException {
        Path module = variant("conf/userconfig.xml", s -> s.replace("C:\\PostgreSQL\\9.1\\data", "C:\\PostgreSQL\\AUX\\data"));
        assertThatThrownBy(() -> installAndPlan(module)).isInstanceOf(UserError.class)
                .hasMessageContaining("userconfig.xml:").hasMessageContaining("reserved device name 'AUX'");
    }

    @Test
    void aVipOnNoAdapterSubnetAndALinuxScriptAreRefused() throws IOException {
        Path badVip = variant("conf/userconfig.xml", s -> s.replace("192.168.1.222", "172.20.0.9"));
        assertThatThrownBy(() -> installAndPlan(badVip)).hasMessageContaining("172.20.0.9")
                .hasMessageContaining("no adapter").hasMessageContaining("'Ethernet0' [192.168.1.21/24]");

        Path shScript = variant("bin/prestart.cmd", s -> s);
        Files.writeString(shScript.resolve("bin/start_both"), "#!/bin/sh\nexit 0\n");
        assertThatThrownBy(() -> installAndPlan(shScript)).hasMessageContaining("start_both")
                .hasMessageContaining(".cmd, .bat, .ps1, .vbs or .exe");
    }
}

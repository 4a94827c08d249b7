package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module verbs through the real command line, on the modules the build packs. */
class ModuleVerbsTest {
    /** Where the build (antrun, generate-resources) packs modules/*.safe. */
    static final Path PACKED = Path.of("target/modules");

    @TempDir Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
    }

    @Test
    void everyShippedModuleInstallsAndIsListedWithItsPorts() {
        assertThat(cli.run("module", "install", "-m", "postgresql", PACKED.resolve("postgresql.safe").toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("Installed module postgresql (id 1)");
        assertThat(cli.run("module", "install", "-m", "mirror", PACKED.resolve("mirror.safe").toString())).isZero();
        assertThat(cli.run("module", "install", "-m", "hanwha_ssm", "--platform", "windows",
                PACKED.resolve("hanwha_ssm.safe").toString())).as(cli.err()).isZero();

        assertThat(cli.run("module", "list")).isZero();
        assertThat(cli.out()).containsPattern("1 +postgresql +8888 +5600")
                .containsPattern("2 +mirror +8889 +5604")
                .containsPattern("3 +hanwha_ssm +8890 +5608");
        Path startPrim = tmp.resolve("safe/modules/postgresql/bin/start_prim");
        assertThat(Files.isExecutable(startPrim)).isTrue();
    }

    @Test
    void aWindowsModuleIsInvalidAsALinuxModuleAndNothingIsInstalled() {
        assertThat(cli.run("module", "install", "-m", "hanwha_ssm", "--platform", "linux",
                PACKED.resolve("hanwha_ssm.safe").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).startsWith("duplex: ").contains("hanwha_ssm.safe!/conf/userconfig.xml:")
                .contains("not an absolute path");
        assertThat(cli.run("module", "list")).isZero();
        assertThat(cli.out()).contains("No module installed");
    }

    @Test
    void aZipSlipArchiveIsRefusedWithExitCode3() throws IOException {
        Path bad = tmp.resolve("bad.safe");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bad))) {
            z.putNextEntry(new ZipEntry("../../evil"));
            z.write(1);
            z.closeEntry();
        }
        assertThat(cli.run("module", "install", "-m", "x", bad.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).contains("escapes the module directory").contains("nothing was installed");
        assertThat(tmp.resolve("safe/modules/x")).doesNotExist();
    }

    @Test
    void packageThenUninstallThenReinstallFromThePackage() {
        cli.run("module", "install", "-m", "mirror", PACKED.resolve("mirror.safe").toString());
        Path out = tmp.resolve("export/mirror.safe");
        assertThat(cli.run("module", "package", "-m", "mirror", out.toString())).as(cli.err()).isZero();
        assertThat(out).exists();
        assertThat(cli.run("module", "uninstall", "-m", "mirror")).isZero();
        assertThat(tmp.resolve("safe/modules/mirror")).doesNotExist();
        assertThat(cli.run("module", "uninstall", "-m", "mirror")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.err()).contains("module 'mirror' is not installed");
        assertThat(cli.run("module", "install", "-m", "mirror", out.toString())).isZero();
        assertThat(Files.isExecutable(tmp.resolve("safe/modules/mirror/bin/start_prim"))).isTrue();
    }

    @Test
    void listIdAndGetPorts() {
        cli.run("module", "install", "-m", "mirror", "-M", "3", PACKED.resolve("mirror.safe").toString());
        assertThat(cli.run("module", "listid")).isZero();
        assertThat(cli.out()).isEqualTo("mirror 3\n");
        assertThat(cli.run("module", "getports", "-m", "mirror")).isZero();
        assertThat(cli.out()).isEqualTo("heart UDP 8890\nreplication TCP 5608\n");
        assertThat(cli.run("module", "getports", "-m", "none")).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void invalidModuleNameAndMissingFile() {
        assertThat(cli.run("module", "install", "-m", "../etc", PACKED.resolve("mirror.safe").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err()).contains("invalid module name '../etc'");
        assertThat(cli.run("module", "install", "-m", "m", tmp.resolve("none.safe").toString()))
                .isEqualTo(ExitCodes.NOT_FOUND);
    }
}

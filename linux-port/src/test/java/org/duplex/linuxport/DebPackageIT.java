package org.duplex.linuxport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb the build made, checked as an administrator meets it: lintian, then installed on this
 * machine with apt, run, upgraded with a module installed, removed and purged. Installing needs
 * root (CI has it); the test refuses to touch a machine where a Duplex it did not install is
 * present, and purges what it installed even when it fails.
 */
class DebPackageIT {
    /** Says "the duplex package on this machine was installed by this test". */
    private static final Path MARKER = Path.of("/var/tmp/duplex-deb-test.marker");
    private static final Path SAFE = Path.of("/opt/duplex");
    private static final Path SAFEVAR = Path.of("/var/lib/duplex");
    private static final Path ETC = Path.of("/etc/duplex");
    private static final Map<String, String> PURGE_DATA = Map.of("DUPLEX_PURGE_DATA", "yes");
    private static final String APT_LOCK = "DPkg::Lock::Timeout=300";

    private static Path deb;

    @BeforeAll
    static void findPackage() throws IOException {
        Path dir = Path.of(System.getProperty("duplex.deb.dir", "target"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("duplex_.*_amd64\\.deb")).toList();
            assertThat(debs).as("exactly one package built in %s", dir).hasSize(1);
            deb = debs.getFirst().toAbsolutePath();
        }
    }

    @Test
    void packageShipsCommandsUnitConfigManPagesAndCompletion() {
        String contents = HostCommand.check(60, "dpkg-deb", "--contents", deb.toString()).output();
        assertThat(contents).contains(
                "./opt/duplex/duplex-cli.jar",
                "./opt/duplex/bin/duplex",
                "./opt/duplex/safekit -> bin/safekit",
                "./usr/bin/duplex -> /opt/duplex/bin/duplex",
                "./lib/systemd/system/duplex.service",
                "./etc/logrotate.d/duplex",
                "./usr/share/man/man1/duplex.1.gz",
                "./usr/share/man/man1/duplex-daemon.1.gz",
                "./usr/share/man/man1/duplex-module-install.1.gz",
                "./usr/share/bash-completion/completions/duplex",
                "./opt/duplex/Application_Modules/postgresql.safe");
        String conffiles = HostCommand.check(60, "dpkg-deb", "--info", deb.toString(), "conffiles").output();
        assertThat(conffiles.lines().toList()).containsExactlyInAnyOrder(
                "/etc/duplex/duplex.env", "/etc/duplex/logback-daemon.xml", "/etc/logrotate.d/duplex");
        String control = HostCommand.check(60, "dpkg-deb", "--field", deb.toString(), "Depends", "Recommends").output();
        assertThat(control).contains("fuse3", "openjdk-21-jre-headless", "temurin-21-jre");
    }

    @Test
    void lintianReportsNoErrors() {
        HostCommand.Result r = HostCommand.run(600, "lintian", "--tag-display-limit", "0", deb.toString());
        assertThat(r.output()).as("lintian must run (apt-get install lintian): %s", r.describe())
                .doesNotContain("command not found");
        List<String> errors = r.output().lines().filter(l -> l.startsWith("E: ")).toList();
        assertThat(errors).as(r.describe()).isEmpty();
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    @Test
    void installRunUpgradeRemoveAndPurgeKeepModuleDataUntilAsked(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(HostCommand.run(10, "id", "-u").output().strip().equals("0"),
                "installing the package needs root (CI runs as root)");
        refuseIfDuplexIsAlreadyHere();
        Files.writeString(MARKER, "installed by DebPackageIT\n");
        try {
            install(deb);
            assertThat(packageStatus()).isEqualTo("install ok installed");
            assertThat(SAFEVAR).isDirectory();
            assertThat(Files.isExecutable(Path.of("/usr/bin/duplex"))).isTrue();

            HostCommand.Result version = HostCommand.check(120, "duplex", "--version");
            assertThat(version.output()).contains("duplex 0.1.0", "Java ");
            assertThat(HostCommand.check(120, "/opt/duplex/safekit", "--version").output()).contains("duplex 0.1.0");
            HostCommand.Result badJava = HostCommand.run(Map.of("DUPLEX_JAVA_HOME", "/nonexistent/jre"), 60,
                    "duplex", "--version");
            assertThat(badJava.exitCode()).as(badJava.describe()).isEqualTo(5);
            assertThat(badJava.output()).contains("DUPLEX_JAVA_HOME=/nonexistent/jre", "is not a Java 21 or newer");
            assertThat(HostCommand.check(60, "man", "-w", "duplex-daemon").output()).contains("duplex-daemon.1.gz");
            assertThat(completions("duplex module ins")).isEqualTo("install");
            assertThat(completions("duplex modu")).isEqualTo("module");
            verifyUnit();
            daemonOfThePackageServesItsControlPort(tmp);

            // A module with state, and an administrator's edit of a conffile.
            HostCommand.check(120, "duplex", "module", "install", "-m", "postgresql",
                    "/opt/duplex/Application_Modules/postgresql.safe");
            Path moduleConf = SAFE.resolve("modules/postgresql/conf/userconfig.xml");
            assertThat(moduleConf).isRegularFile();
            Path moduleState = SAFEVAR.resolve("modules/postgresql/test-state");
            Files.createDirectories(moduleState.getParent());
            Files.writeString(moduleState, "kept\n");
            Files.writeString(ETC.resolve("duplex.env"), "# edited by the administrator\n",
                    java.nio.file.StandardOpenOption.APPEND);

            // Reinstall over itself, then upgrade to a newer version of the same package.
            HostCommand.check(600, "apt-get", "install", "-y", "--reinstall", "--no-install-recommends", "-o",
                    APT_LOCK, deb.toString());
            install(withNewerVersion(deb, tmp));
            assertThat(HostCommand.check(60, "dpkg-query", "-W", "-f", "${Version}", "duplex").output())
                    .endsWith("+upgradetest");
            assertThat(moduleConf).isRegularFile();
            assertThat(moduleState).hasContent("kept");
            assertThat(ETC.resolve("duplex.env")).content().contains("# edited by the administrator");
            assertThat(HostCommand.check(120, "duplex", "module", "list").output()).contains("postgresql");

            // Remove: the program goes, configuration and data stay.
            HostCommand.check(600, "apt-get", "remove", "-y", "-o", APT_LOCK, "duplex");
            assertThat(Path.of("/usr/bin/duplex")).doesNotExist();
            assertThat(SAFE.resolve("duplex-cli.jar")).doesNotExist();
            assertThat(packageStatus()).isEqualTo("deinstall ok config-files");
            assertThat(ETC.resolve("duplex.env")).exists();
            assertThat(moduleConf).isRegularFile();

            // Purge without asking for the data: configuration goes, modules and state stay.
            HostCommand.check(600, "dpkg", "--purge", "duplex");
            assertThat(packageStatus()).isEmpty();
            assertThat(ETC).doesNotExist();
            assertThat(moduleConf).isRegularFile();
            assertThat(moduleState).hasContent("kept");

            // Installing again finds the module where it was; purge asking for the data is clean.
            install(deb);
            assertThat(HostCommand.check(120, "duplex", "module", "list").output()).contains("postgresql");
            HostCommand.check(600, "apt-get", "remove", "-y", "-o", APT_LOCK, "duplex");
            HostCommand.check(PURGE_DATA, 600, "dpkg", "--purge", "duplex");
            assertThat(packageStatus()).isEmpty();
            assertThat(SAFE).doesNotExist();
            assertThat(SAFEVAR).doesNotExist();
            assertThat(ETC).doesNotExist();
            assertThat(Path.of("/var/log/duplex")).doesNotExist();
            assertThat(Path.of("/lib/systemd/system/duplex.service")).doesNotExist();
        } finally {
            purgeWhatThisTestInstalled();
        }
    }

    /** Never touches a Duplex the administrator (or a developer) installed or left data of. */
    private static void refuseIfDuplexIsAlreadyHere() {
        if (Files.exists(MARKER)) {
            purgeWhatThisTestInstalled(); // an earlier run of this test died half-way
        }
        Assumptions.assumeTrue(packageStatus().isEmpty(),
                "a duplex package not installed by this test is on this machine (" + packageStatus()
                        + "): refusing to install over it");
        for (Path p : List.of(SAFE, SAFEVAR, ETC)) {
            Assumptions.assumeFalse(Files.exists(p), p + " exists: refusing to touch an existing Duplex installation");
        }
    }

    private static void purgeWhatThisTestInstalled() {
        if (!packageStatus().isEmpty()) {
            HostCommand.run(PURGE_DATA, 600, "dpkg", "--purge", "duplex");
        }
        if (packageStatus().isEmpty()) {
            try {
                Files.deleteIfExists(MARKER);
            } catch (IOException e) {
                throw new AssertionError("could not remove " + MARKER, e);
            }
        }
    }

    private static void install(Path file) {
        HostCommand.check(600, "apt-get", "install", "-y", "--no-install-recommends", "-o", APT_LOCK,
                file.toString());
    }

    /** "install ok installed", "deinstall ok config-files", or "" when dpkg does not know duplex. */
    private static String packageStatus() {
        HostCommand.Result r = HostCommand.run(60, "dpkg-query", "-W", "-f", "${Status}", "duplex");
        return r.ok() ? r.output().strip() : "";
    }

    /** The same package with a higher version, for a real upgrade (prerm upgrade, postinst configure OLD). */
    private static Path withNewerVersion(Path original, Path tmp) throws IOException {
        Path root = tmp.resolve("root");
        HostCommand.check(120, "dpkg-deb", "--raw-extract", original.toString(), root.toString());
        Path control = root.resolve("DEBIAN/control");
        String text = Files.readString(control);
        String upgraded = text.replaceFirst("(?m)^Version: (.*)$", "Version: $1+upgradetest");
        assertThat(upgraded).isNotEqualTo(text);
        Files.writeString(control, upgraded);
        Path newer = tmp.resolve("duplex_upgrade_amd64.deb");
        HostCommand.check(300, "dpkg-deb", "--root-owner-group", "--build", root.toString(), newer.toString());
        return newer;
    }

    /** What the installed bash completion offers for the last word of {@code line}. */
    private static String completions(String line) {
        String script = "source /usr/share/bash-completion/completions/duplex\n"
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
                + "read -r -a COMP_WORDS <<< \"$COMP_LINE\"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_complete_duplex; echo \"${COMPREPLY[*]}\"\n";
        return HostCommand.check(60, "bash", "-c", script).output().strip();
    }

    /** The unit as installed must load (systemd-analyze verify works without systemd as PID 1). */
    private static void verifyUnit() {
        HostCommand.Result r = HostCommand.run(120, "systemd-analyze", "verify", "/lib/systemd/system/duplex.service");
        Assumptions.assumeFalse(r.output().contains("command not found") || r.exitCode() == 127,
                "systemd-analyze is not installed");
        List<String> aboutUs = r.output().lines().filter(l -> l.contains("duplex.service")).toList();
        assertThat(aboutUs).as(r.describe()).isEmpty();
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    /**
     * Runs the packaged daemon (what the unit's ExecStart runs) on a free loopback port until its
     * control API accepts connections, then stops it with SIGTERM as systemd does.
     */
    private static void daemonOfThePackageServesItsControlPort(Path tmp) throws Exception {
        // A one-node test cluster on loopback, as an administrator would configure it.
        Path cluster = SAFEVAR.resolve("cluster/cluster.xml");
        Files.createDirectories(cluster.getParent());
        Files.writeString(cluster, """
                <cluster>
                  <lans>
                    <lan name="default">
                      <node name="debtest1" addr="127.0.0.1"/>
                      <node name="debtest2" addr="127.0.0.2"/>
                    </lan>
                  </lans>
                </cluster>
                """);
        assertThat(HostCommand.check(120, "duplex", "cluster", "genkey").output()).contains("cluster.key");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/duplex", "daemon", "--listen", "127.0.0.1",
                "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("daemon.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DUPLEX_"));
        pb.environment().put("DUPLEX_NODE", "debtest1");
        Process daemon = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !daemon.isAlive() || accepts(port));
            assertThat(daemon.isAlive()).as("the packaged daemon is still running; its output:%n%s",
                    Files.readString(tmp.resolve("daemon.log"))).isTrue();
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(120, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the packaged daemon did not stop within 120s of SIGTERM");
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

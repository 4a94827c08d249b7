package org.duplex.windows.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.duplex.common.Check;
import org.duplex.windows.path.WindowsPath;

/**
 * How the Duplex Windows service is registered: the one place that says its name, start type,
 * dependencies, recovery actions and procrun parameters. The MSI (win-installer/Duplex.wxs) writes
 * the same values declaratively; {@code MsiTablesIT} (win-installer) fails when the two
 * disagree, and {@link #procrunInstallArgs} gives the equivalent {@code prunsrv //IS//} command for
 * installing by hand (docs/WINDOWS.md).
 *
 * @param name           service key name ({@code net start Duplex})
 * @param displayName    name in the Services MMC
 * @param description    text in the Services MMC
 * @param dependsOn      services that must run first: the minifilter, so the daemon never runs
 *                       without write interception
 * @param stopTimeout    how long the SCM (through procrun) waits for a clean stop: stop scripts of
 *                       a database can take a minute
 * @param restartDelays  SCM recovery actions: restart after each delay, for the first, second and
 *                       subsequent failures
 * @param failureResetPeriod after this long without failure the SCM counts failures from zero again
 */
public record ServiceDefinition(
        String name,
        String displayName,
        String description,
        List<String> dependsOn,
        Duration stopTimeout,
        List<Duration> restartDelays,
        Duration failureResetPeriod) {

    /** Kernel service name of the minifilter (native/windows/driver/duplexflt.inf, AddService). */
    public static final String FILTER_SERVICE = "DuplexFlt";

    public static final ServiceDefinition DUPLEX = new ServiceDefinition(
            "Duplex",
            "Duplex",
            "Duplex mirror cluster: replicates directories to the peer server, moves the virtual IP"
                    + " and the application on failure.",
            List.of(FILTER_SERVICE, "Tcpip"),
            Duration.ofSeconds(120),
            List.of(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(300)),
            Duration.ofDays(1));

    /** The class and methods procrun calls in JVM mode. */
    public static final String ENTRY_CLASS = DuplexWindowsService.class.getName();

    public ServiceDefinition {
        Check.argument(name.matches("[A-Za-z0-9_]{1,80}"), "service name '%s' must be letters, digits, _", name);
        Check.argument(restartDelays.size() == 3, "the SCM takes exactly 3 recovery actions, got %s", restartDelays);
        dependsOn = List.copyOf(dependsOn);
        restartDelays = List.copyOf(restartDelays);
    }

    /** Jars the service's class path lists, relative to the install directory's {@code lib} folder. */
    public static String classPath(WindowsPath installDir) {
        return installDir.resolve("lib") + "\\*";
    }

    /**
     * The arguments after {@code prunsrv.exe} that install the service by hand, equivalent to what
     * the MSI registers. {@code jvmDll} is the Java runtime's {@code bin\server\jvm.dll}.
     */
    public List<String> procrunInstallArgs(WindowsPath installDir, WindowsPath varDir, WindowsPath jvmDll) {
        List<String> a = new ArrayList<>();
        a.add("//IS//" + name);
        a.add("--DisplayName=" + displayName);
        a.add("--Description=" + description);
        a.add("--Startup=auto");
        a.add("--DependsOn=" + String.join("#", dependsOn));
        a.add("--Jvm=" + jvmDll);
        a.add("--Classpath=" + classPath(installDir));
        a.add("--JvmOptions=" + String.join("#", jvmOptions(installDir, varDir)));
        a.add("--StartMode=jvm");
        a.add("--StartClass=" + ENTRY_CLASS);
        a.add("--StartMethod=start");
        a.add("--StopMode=jvm");
        a.add("--StopClass=" + ENTRY_CLASS);
        a.add("--StopMethod=stop");
        a.add("--StopTimeout=" + stopTimeout.toSeconds());
        a.add("--LogPath=" + varDir.resolve("log"));
        a.add("--LogPrefix=procrun");
        a.add("--StdOutput=auto");
        a.add("--StdError=auto");
        return a;
    }

    /** JVM options of the service: where Duplex lives and what native access it needs. */
    public static List<String> jvmOptions(WindowsPath installDir, WindowsPath varDir) {
        return List.of(
                "-Dduplex.home=" + installDir,
                "-Dduplex.var=" + varDir,
                "-Djna.library.path=" + installDir.resolve("bin"),
                "--enable-native-access=ALL-UNNAMED");
    }

    /** {@code sc.exe failure} arguments setting the recovery actions (procrun has no option for them). */
    public List<String> scFailureArgs() {
        StringBuilder actions = new StringBuilder();
        for (Duration d : restartDelays) {
            if (!actions.isEmpty()) {
                actions.append('/');
            }
            actions.append("restart/").append(d.toMillis());
        }
        return List.of("failure", name, "reset=", String.valueOf(failureResetPeriod.toSeconds()),
                "actions=", actions.toString());
    }
}

package org.duplex.node.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code sh} scripts run by the real runner. */
class ScriptRunnerTest {
    @TempDir Path root;
    private Path userBin;
    private Path userVar;
    private Path commandDir;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<Long> pidsToReap = new CopyOnWriteArrayList<>();

    @BeforeEach
    void layout() throws IOException {
        userBin = Files.createDirectories(root.resolve("private/modules/mirror/bin"));
        userVar = Files.createDirectories(root.resolve("var/modules/mirror"));
        commandDir = Files.createDirectories(root.resolve("safe"));
        executable(commandDir.resolve("safekit"), "#!/bin/sh\necho fake-safekit \"$@\"\n");
    }

    @AfterEach
    void reapLeftovers() {
        for (long pid : pidsToReap) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private ScriptRunner runner(ScriptLimits limits) {
        var env = new ScriptEnvironment(commandDir, commandDir.resolve("private/bin"), root.resolve("var"),
                "mirror", userBin, root.resolve("private/modules/mirror/conf"), userVar, commandDir,
                Map.of("SERVICES", "postgresql, ssm", "SAFEMODULE", "user-cannot-override"));
        return new ScriptRunner(Platform.LINUX, env, limits, output::add, System::nanoTime);
    }

    private ScriptRunner runner() {
        return runner(ScriptLimits.safekitDefaults());
    }

    private static ScriptLimits shortStops(Duration nice, Duration force) {
        return new ScriptLimits(nice, force, Duration.ofSeconds(60), Duration.ofMillis(500));
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void script(String name, String body) throws IOException {
        executable(userBin.resolve(name), "#!/bin/sh\n" + body);
    }

    @Test
    void scriptSeesSafekitArgumentsEnvironmentAndPath() throws IOException {
        script("start_prim", """
                echo "args=$*"
                echo "SAFE=$SAFE"
                echo "SAFEMODULE=$SAFEMODULE"
                echo "SAFEUSERBIN=$SAFEUSERBIN"
                echo "SAFEUSERVAR=$SAFEUSERVAR"
                echo "SERVICES=$SERVICES"
                echo "pwd=$(pwd)"
                echo "safekit=$(command -v safekit)"
                safekit printi hello
                """);

        ScriptResult result = runner().run("start_prim", List.of("WAIT", "PRIM", "start"));

        assertThat(result.outcome()).isEqualTo(ScriptResult.Outcome.EXITED);
        assertThat(result.succeeded()).isTrue();
        assertThat(output).contains(
                "args=WAIT PRIM start",
                "SAFE=" + commandDir,
                "SAFEMODULE=mirror",
                "SAFEUSERBIN=" + userBin,
                "SAFEUSERVAR=" + userVar,
                "SERVICES=postgresql, ssm",
                "pwd=" + userBin,
                "safekit=" + commandDir.resolve("safekit"),
                "fake-safekit printi hello");
        assertThat(result.outputTail()).endsWith("fake-safekit printi hello");
    }

    @Test
    void nonZeroExitIsReportedAsAValue() throws IOException {
        script("start_prim", "echo failing >&2\nexit 3\n");

        ScriptResult result = runner().run("start_prim", List.of("WAIT", "PRIM", "start"));

        assertThat(result.outcome()).isEqualTo(ScriptResult.Outcome.EXITED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(output).containsExactly("failing");
    }

    @Test
    void missingScriptIsSkippedAsSuccess() {
        ScriptResult result = runner().run("start_second", List.of("WAIT", "SECOND", "start"));

        assertThat(result.outcome()).isEqualTo(ScriptResult.Outcome.SKIPPED_MISSING);
        assertThat(result.succeeded()).isTrue();
        StopOutcome stop = runner().stop("stop_second", List.of("SECOND", "STOP", "stop"), true);
        assertThat(stop.force()).isEmpty();
        assertThat(stop.succeeded()).isTrue();
    }

    @Test
    void nonExecutableScriptIsNotStartedWithAClearProblem() throws IOException {
        Files.writeString(userBin.resolve("prestart"), "#!/bin/sh\nexit 0\n");

        ScriptResult result = runner().run("prestart", List.of("STOP", "WAIT", "start"));

        assertThat(result.outcome()).isEqualTo(ScriptResult.Outcome.NOT_STARTED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.problem()).contains(userBin.resolve("prestart").toString()).contains("not executable");
    }

    @Test
    void gracefulStopPastNiceTimeoutIsKilledAndCalledAgainWithForce() throws IOException {
        script("stop_prim", """
                if [ "$1" = force ]; then echo "forced: $*"; exit 0; fi
                echo graceful
                exec sleep 600
                """);

        StopOutcome stop = runner(shortStops(Duration.ofSeconds(2), Duration.ofSeconds(30)))
                .stop("stop_prim", List.of("PRIM", "WAIT", "stop"), false);

        assertThat(stop.graceful().timedOut()).isTrue();
        assertThat(stop.graceful().killed()).isTrue();
        assertThat(stop.force()).isPresent();
        assertThat(stop.force().get().args()).containsExactly("force", "PRIM", "WAIT", "stop");
        assertThat(stop.force().get().succeeded()).isTrue();
        assertThat(stop.succeeded()).isTrue();
        assertThat(output).containsExactly("graceful", "forced: force PRIM WAIT stop");
    }

    @Test
    void quickGracefulStopIsNotForcedUnlessAsked() throws IOException {
        script("stop_prim", "echo \"call: $*\"\n");
        ScriptRunner runner = runner(shortStops(Duration.ofSeconds(30), Duration.ofSeconds(30)));

        assertThat(runner.stop("stop_prim", List.of("PRIM", "WAIT", "stop"), false).force()).isEmpty();
        Optional<ScriptResult> force = runner.stop("stop_prim", List.of("WAIT", "STOP", "stop"), true).force();

        assertThat(force).isPresent();
        assertThat(output).containsExactly(
                "call: PRIM WAIT stop", "call: WAIT STOP stop", "call: force WAIT STOP stop");
    }

    @Test
    void hungForceStopIsKilledWithItsChildren() throws IOException {
        Path childPid = userVar.resolve("child.pid");
        script("stop_prim", """
                sleep 600 &
                echo $! > "$SAFEUSERVAR/child.pid"
                echo "$$" >> "$SAFEUSERVAR/child.pid"
                wait
                """);

        ScriptResult result = runner(shortStops(Duration.ofMillis(200), Duration.ofSeconds(3)))
                .runForce("stop_prim", List.of("WAIT", "STOP", "stop"));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.problem()).contains("process tree killed");
        List<Long> pids = Files.readAllLines(childPid).stream().map(Long::parseLong).toList();
        pidsToReap.addAll(pids);
        assertThat(pids).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void orphanLeftInTheScriptGroupIsKilledToo() throws IOException {
        // The intermediate shell exits at once, so the sleep is re-parented: only the process-group
        // kill can still reach it.
        script("start_prim", """
                sh -c 'sleep 600 & echo $! > "$SAFEUSERVAR/orphan.pid"'
                exec sleep 600
                """);
        ScriptLimits limits = new ScriptLimits(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofMillis(200));

        ScriptResult result = runner(limits).run("start_prim", List.of("WAIT", "PRIM", "start"));

        assertThat(result.killed()).isTrue();
        long orphan = Long.parseLong(Files.readString(userVar.resolve("orphan.pid")).trim());
        pidsToReap.add(orphan);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    @Test
    void daemonLeftRunningByStartPrimKeepsRunningAndWritingAfterTheScriptExits() throws IOException {
        Path pidFile = userVar.resolve("daemon.pid");
        // Typical start_prim: starts the application in the background, output not redirected.
        script("start_prim", """
                (while :; do echo tick; sleep 0.2; done) &
                echo $! > "$SAFEUSERVAR/daemon.pid"
                echo started
                """);

        ScriptResult result = runner(shortStops(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .run("start_prim", List.of("WAIT", "PRIM", "start"));
        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        pidsToReap.add(daemon);

        assertThat(result.outcome()).isEqualTo(ScriptResult.Outcome.EXITED);
        assertThat(result.exitCode()).isZero();
        assertThat(output).contains("started");
        Path ulog = userVar.resolve("userlog_start_prim.ulog");
        long ticksAtExit = Files.readAllLines(ulog).stream().filter("tick"::equals).count();
        // No SIGPIPE: the application keeps writing (into the script's output file) after the script is gone.
        await().atMost(Duration.ofSeconds(15)).until(() ->
                Files.readAllLines(ulog).stream().filter("tick"::equals).count() >= ticksAtExit + 3);
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void previousOutputFileIsKept() throws IOException {
        script("transition", "echo \"run $1\"\n");
        runner().run("transition", List.of("first"));
        runner().run("transition", List.of("second"));

        assertThat(Files.readString(userVar.resolve("userlog_transition.ulog.1"))).isEqualTo("run first\n");
        assertThat(Files.readString(userVar.resolve("userlog_transition.ulog"))).isEqualTo("run second\n");
    }
}

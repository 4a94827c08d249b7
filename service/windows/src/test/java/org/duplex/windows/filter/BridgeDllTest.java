package org.duplex.windows.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The cross-compiled duplexbridge.dll (built by this module when mingw-w64 is installed) is a
 * 64-bit Windows DLL that exports exactly the JNI functions {@link WindowsFilterPort} declares and
 * imports the Filter Manager's user library: a renamed native method or a lost export fails here
 * on Linux, not on a customer's server.
 */
class BridgeDllTest {
    private static final Path DLL = Path.of("target", "native", "duplexbridge.dll");
    private static final String OBJDUMP = "/usr/bin/x86_64-w64-mingw32-objdump";

    @Test
    void dllExportsEveryNativeMethodOfWindowsFilterPortAndImportsFltlib() throws Exception {
        assumeTrue(Files.exists(DLL) && Files.isExecutable(Path.of(OBJDUMP)),
                "duplexbridge.dll not built: mingw-w64 is not installed (./duplex test installs it)");
        Process p = new ProcessBuilder(OBJDUMP, "-p", DLL.toString()).redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();

        assertThat(dump).contains("file format pei-x86-64").contains("DLL Name: FLTLIB.DLL");
        List<String> natives = Arrays.stream(WindowsFilterPort.class.getDeclaredMethods())
                .filter(m -> Modifier.isNative(m.getModifiers()))
                .map(Method::getName)
                .map(n -> "Java_org_duplex_windows_filter_WindowsFilterPort_" + n.replace("_", "_1"))
                .toList();
        assertThat(natives).hasSize(4);
        List<String> exported = dump.lines().map(String::strip)
                .filter(l -> l.matches("\\[\\s*\\d+\\] Java_.*"))
                .map(l -> l.replaceFirst("\\[\\s*\\d+\\] ", ""))
                .toList();
        assertThat(exported).containsExactlyInAnyOrderElementsOf(natives);
    }
}

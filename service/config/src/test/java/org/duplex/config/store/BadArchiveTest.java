package org.duplex.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duplex.common.UserError;
import org.duplex.config.ConfigException;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad archive gets a clear error AND leaves the store exactly as it was: the
 * previously installed module "m" is intact and nothing was written anywhere else.
 */
class BadArchiveTest {
    @TempDir Path tmp;
    DuplexPaths paths;
    ModuleStore store;
    Map<String, String> before;

    @BeforeEach
    void installAGoodModule() throws IOException {
        paths = new DuplexPaths(tmp.resolve("root/safe"), tmp.resolve("root/var"));
        store = new ModuleStore(paths, Platform.LINUX, Map.of(), new ArchiveLimits(10, 10_000, 4_000));
        store.install("m", ZipBuilder.validModule(tmp.resolve("good.safe"), "good"), OptionalInt.empty());
        before = snapshot();
    }

    private UserError installFails(Path zip) throws IOException {
        Throwable t = catchThrowable(() -> store.install("m", zip, OptionalInt.empty()));
        assertThat(t).isInstanceOf(UserError.class);
        assertThat(((UserError) t).kind()).isEqualTo(UserError.Kind.INVALID_INPUT);
        assertThat(snapshot()).as("store unchanged").isEqualTo(before);
        assertThat(Files.readString(paths.moduleDir("m").resolve("bin/start_prim"))).contains("good");
        return (UserError) t;
    }

    private Path zip(ZipContent content) throws IOException {
        Path p = tmp.resolve("bad.safe");
        try (ZipBuilder z = new ZipBuilder(p)) {
            content.fill(z);
        }
        return p;
    }

    interface ZipContent {
        void fill(ZipBuilder z) throws IOException;
    }

    @Test
    void zipSlipWithDotDot() throws IOException {
        UserError e = installFails(zip(z -> z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644)
                .file("bin/../../../../evil", "x", 0644)));
        assertThat(e.getMessage()).contains("'bin/../../../../evil'").contains("escapes the module directory")
                .contains("nothing was installed");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void absoluteEntryName() throws IOException {
        assertThat(installFails(zip(z -> z.file("/tmp/evil", "x", 0644))).getMessage())
                .contains("absolute or non-portable name");
    }

    @Test
    void windowsStyleEntryName() throws IOException {
        // commons-compress reads '\\' as a separator, so this is caught as a '..' escape.
        assertThat(installFails(zip(z -> z.file("bin\\..\\..\\evil", "x", 0644))).getMessage())
                .contains("escapes the module directory");
    }

    @Test
    void symlinkEntry() throws IOException {
        assertThat(installFails(zip(z -> z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644)
                .symlink("bin/start_prim", "/etc/passwd"))).getMessage()).contains("is a symbolic link");
    }

    @Test
    void tooManyEntries() throws IOException {
        UserError e = installFails(zip(z -> {
            z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644);
            for (int i = 0; i < 11; i++) {
                z.file("bin/s" + i, "x", 0755);
            }
        }));
        assertThat(e.getMessage()).contains("has 12 entries (at most 10 allowed)");
    }

    @Test
    void oversizedEntry() throws IOException {
        byte[] zeros = new byte[5_000]; // compresses to almost nothing: only inflated bytes count
        assertThat(installFails(zip(z -> z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644)
                .file("bin/big", zeros, 0644))).getMessage()).contains("unpacks to more than 4000 bytes");
    }

    @Test
    void oversizedTotal() throws IOException {
        byte[] chunk = new byte[3_500];
        assertThat(installFails(zip(z -> z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644)
                .file("bin/a", chunk, 0644).file("bin/b", chunk, 0644).file("bin/c", chunk, 0644))).getMessage())
                .contains("more than 10000 bytes in total");
    }

    @Test
    void missingUserconfig() throws IOException {
        assertThat(installFails(zip(z -> z.file("bin/start_prim", "x", 0755))).getMessage())
                .contains("has no conf/userconfig.xml");
    }

    @Test
    void invalidConfig() throws IOException {
        UserError e = installFails(zip(z -> z.file("conf/userconfig.xml",
                "<safe><service mode=\"mirror\">\n<heart><heartbeat name=\"default\"/></heart></service></safe>", 0644)));
        assertThat(e).isInstanceOf(ConfigException.class);
        assertThat(e.getMessage()).startsWith(tmp.resolve("bad.safe") + "!/conf/userconfig.xml:1:").contains("needs <rfs>");
    }

    /** One config per invalid-config class of InvalidConfigTest; each leaves the store untouched. */
    static Stream<String> invalidConfigs() {
        String h = "<heart><heartbeat name=\"default\"/></heart>";
        String r = "<rfs><replicated dir=\"/d\"/></rfs>";
        return Stream.of(
                h.replace("<heart>", "<heart pulse=\"x\">") + r,
                h + r.replace("<rfs>", "<rfs locktimeout=\"-1s\">"),
                h.replace("<heart>", "<heart pulse=\"2s\" timeout=\"1s\">") + r,
                h + "<rfs><replicated dir=\"/d\"/><replicated dir=\"/d/e\"/></rfs>",
                h + "<rfs><replicated dir=\"/d\"/><replicated dir=\"/d\"/></rfs>",
                h + "<rfs><replicated dir=\"d\"/></rfs>",
                h + "<rfs><replicated dir=\"/\"/></rfs>",
                h + "<rfs><replicated dir=\"/d\"><notreplicated path=\"../x\"/></replicated></rfs>",
                h,
                h + r + "<check><tcp ident=\"t\" action=\"boom\"><to addr=\"10.0.0.1\" port=\"1\"/></tcp></check>",
                h + r + "<vip><interface_list><interface><real_interface><virtual_addr addr=\"x_y\"/>"
                        + "</real_interface></interface></interface_list></vip>",
                h + r + "<unclosed>");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("invalidConfigs")
    void everyInvalidConfigClassLeavesTheStoreUnchanged(String body) throws IOException {
        UserError e = installFails(zip(z -> z.file("conf/userconfig.xml",
                "<safe><service mode=\"mirror\">" + body + "</service></safe>", 0644)));
        assertThat(e).isInstanceOf(ConfigException.class);
        assertThat(e.getMessage()).matches("(?s).*conf/userconfig\\.xml:1:\\d+: .*");
    }

    @Test
    void notAZip() throws IOException {
        Path p = tmp.resolve("text.safe");
        Files.writeString(p, "this is not a zip");
        assertThat(installFails(p).getMessage()).contains("is not a readable zip archive");
    }

    @Test
    void duplicateEntries() throws IOException {
        assertThat(installFails(zip(z -> z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644)
                .file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644))).getMessage()).contains("twice");
    }

    /** Every file under the temp dir (store and around it) with a hash of its content and its mode. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tmp.resolve("root"))) {
            for (Path p : walk.toList()) {
                String key = tmp.relativize(p).toString();
                if (key.endsWith(".lock")) {
                    continue;
                }
                out.put(key, Files.isDirectory(p) ? "dir" : sha(p) + " "
                        + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return out;
    }

    private static String sha(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

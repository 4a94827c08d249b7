package org.duplex.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalInt;
import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleStoreTest {
    @TempDir Path tmp;
    DuplexPaths paths;
    ModuleStore store;

    @BeforeEach
    void setUp() {
        paths = new DuplexPaths(tmp.resolve("safe"), tmp.resolve("var"));
        store = new ModuleStore(paths, Platform.LINUX, Map.of());
    }

    @Test
    void installListsTheModuleWithItsIdAndPorts() throws IOException {
        var result = store.install("pg", ZipBuilder.validModule(tmp.resolve("pg.safe"), "v1"), OptionalInt.empty());
        assertThat(result.replaced()).isFalse();
        assertThat(result.module().id()).isEqualTo(1);
        store.install("web", ZipBuilder.validModule(tmp.resolve("web.safe"), "w"), OptionalInt.empty());
        assertThat(store.list()).extracting(m -> m.name() + " " + m.id() + " " + m.heartPort() + " " + m.replicationPort())
                .containsExactly("pg 1 8888 5600", "web 2 8889 5604");
        assertThat(Files.readString(paths.moduleDir("pg").resolve("bin/start_prim"))).contains("v1");
    }

    @Test
    void reinstallReplacesTheContentAndKeepsTheId() throws IOException {
        store.install("a", ZipBuilder.validModule(tmp.resolve("a.safe"), "a"), OptionalInt.empty());
        store.install("pg", ZipBuilder.validModule(tmp.resolve("v1.safe"), "v1"), OptionalInt.empty());
        var again = store.install("pg", ZipBuilder.validModule(tmp.resolve("v2.safe"), "v2"), OptionalInt.empty());
        assertThat(again.replaced()).isTrue();
        assertThat(again.module().id()).isEqualTo(2);
        assertThat(Files.readString(paths.moduleDir("pg").resolve("bin/start_prim"))).contains("v2");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void requestedIdMustBeFree() throws IOException {
        store.install("a", ZipBuilder.validModule(tmp.resolve("a.safe"), "a"), OptionalInt.of(7));
        assertThat(store.get("a").id()).isEqualTo(7);
        assertThatThrownBy(() -> store.install("b", ZipBuilder.validModule(tmp.resolve("b.safe"), "b"), OptionalInt.of(7)))
                .isInstanceOf(UserError.class).hasMessageContaining("already used by module 'a'");
        assertThat(store.list()).extracting(InstalledModule::name).containsExactly("a");
    }

    @Test
    void scriptModesFromTheZipArePreserved() throws IOException {
        Path zip = tmp.resolve("m.safe");
        try (ZipBuilder z = new ZipBuilder(zip)) {
            z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644);
            z.file("bin/start_prim", "#!/bin/sh\n", 0750);
            z.file("bin/helper.txt", "x", 0640);
        }
        store.install("m", zip, OptionalInt.empty());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.moduleDir("m").resolve("bin/start_prim"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.moduleDir("m").resolve("bin/helper.txt"))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void scriptsBecomeExecutableWhenTheZipHasNoUnixModes() throws IOException {
        Path zip = tmp.resolve("win.safe");
        try (ZipBuilder z = new ZipBuilder(zip)) {
            z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0);
            z.file("bin/start_prim", "#!/bin/sh\n", 0);
        }
        store.install("m", zip, OptionalInt.empty());
        assertThat(Files.isExecutable(paths.moduleDir("m").resolve("bin/start_prim"))).isTrue();
        assertThat(Files.isExecutable(paths.moduleDir("m").resolve("conf/userconfig.xml"))).isFalse();
    }

    @Test
    void obsoleteSafeKitEntriesAreIgnoredWithAWarning() throws IOException {
        Path zip = tmp.resolve("old.safe");
        try (ZipBuilder z = new ZipBuilder(zip)) {
            z.file("conf/userconfig.xml", ZipBuilder.VALID_CONFIG, 0644);
            z.file("conf/userconfig.xml.template", "<x/>", 0644);
            z.file("web/index.html", "<html/>", 0644);
            z.file("manifest.xml", "<m/>", 0644);
            z.file("conf/modulekey.p12", new byte[] {1, 2, 3}, 0600);
        }
        var result = store.install("m", zip, OptionalInt.empty());
        assertThat(result.warnings()).hasSize(3).allMatch(w -> w.contains("ignored"));
        assertThat(paths.moduleDir("m").resolve("web")).doesNotExist();
        assertThat(paths.moduleDir("m").resolve("conf/userconfig.xml.template")).doesNotExist();
        assertThat(paths.moduleDir("m").resolve("conf/modulekey.p12")).exists();
    }

    @Test
    void packageRoundTripsContentAndModes() throws IOException {
        store.install("m", ZipBuilder.validModule(tmp.resolve("m.safe"), "hello"), OptionalInt.empty());
        Path out = tmp.resolve("out/m2.safe");
        store.packageModule("m", out);
        store.install("copy", out, OptionalInt.empty());
        Path script = paths.moduleDir("copy").resolve("bin/start_prim");
        assertThat(Files.readString(script)).contains("hello");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(paths.moduleDir("copy").resolve(ModuleStore.ID_FILE)).hasContent("2");
    }

    @Test
    void uninstallRemovesTheModule() throws IOException {
        store.install("m", ZipBuilder.validModule(tmp.resolve("m.safe"), "x"), OptionalInt.empty());
        store.uninstall("m");
        assertThat(store.list()).isEmpty();
        assertThat(paths.moduleDir("m")).doesNotExist();
        assertThatThrownBy(() -> store.uninstall("m")).isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).kind()).isEqualTo(UserError.Kind.NOT_FOUND));
    }

    @Test
    void aReplaceInterruptedBetweenItsTwoRenamesIsRepaired() throws IOException {
        store.install("m", ZipBuilder.validModule(tmp.resolve("m.safe"), "old"), OptionalInt.empty());
        // What a crash after "old aside" and before "new in" leaves behind.
        Files.move(paths.moduleDir("m"), paths.modulesDir().resolve(".old-m-12345"));
        Files.createDirectories(paths.modulesDir().resolve(".install-m-999/conf"));
        assertThat(store.list()).extracting(InstalledModule::name).containsExactly("m");
        assertThat(Files.readString(paths.moduleDir("m").resolve("bin/start_prim"))).contains("old");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void runtimeCopyMakesSafeUserBinAndIsReplacedWhole() throws IOException {
        store.install("m", ZipBuilder.validModule(tmp.resolve("m.safe"), "v1"), OptionalInt.empty());
        store.applyRuntimeCopy("m");
        Path script = paths.userBin("m").resolve("start_prim");
        assertThat(Files.readString(script)).contains("v1");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(paths.userConf("m").resolve("userconfig.xml")).exists();

        store.install("m", ZipBuilder.validModule(tmp.resolve("m2.safe"), "v2"), OptionalInt.empty());
        assertThat(Files.readString(script)).as("install alone does not touch the runtime copy").contains("v1");
        store.applyRuntimeCopy("m");
        assertThat(Files.readString(script)).contains("v2");
        try (var s = Files.list(paths.privateModuleDir("m").getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("m");
        }
    }

    @Test
    void runtimeCopyOfAnInvalidConfigChangesNothing() throws IOException {
        store.install("m", ZipBuilder.validModule(tmp.resolve("m.safe"), "v1"), OptionalInt.empty());
        store.applyRuntimeCopy("m");
        // An administrator edits the installed config by hand and breaks it.
        Files.writeString(paths.moduleDir("m").resolve("conf/userconfig.xml"), "<safe><service mode=\"mirror\"/></safe>");
        Files.writeString(paths.moduleDir("m").resolve("bin/start_prim"), "#!/bin/sh\necho v2\n");
        assertThatThrownBy(() -> store.applyRuntimeCopy("m")).isInstanceOf(org.duplex.config.ConfigException.class)
                .hasMessageContaining("needs <heart>");
        assertThat(Files.readString(paths.userBin("m").resolve("start_prim"))).contains("v1");
        assertThatThrownBy(() -> store.applyRuntimeCopy("other")).hasMessageContaining("not installed");
    }

    @Test
    void badNamesAndMissingArchivesAreClearErrors() {
        assertThatThrownBy(() -> store.install("../x", tmp.resolve("none.safe"), OptionalInt.empty()))
                .hasMessageContaining("invalid module name");
        assertThatThrownBy(() -> store.install("m", tmp.resolve("none.safe"), OptionalInt.empty()))
                .isInstanceOf(UserError.class).hasMessageContaining("does not exist");
    }

    private java.util.List<String> leftovers() throws IOException {
        try (var s = Files.list(paths.modulesDir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".install-") || n.startsWith(".old-")).toList();
        }
    }
}

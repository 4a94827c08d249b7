package org.duplex.config.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

/** The modules shipped in {@code modules/} load and give the values their files say. */
class GoldenModulesTest {
    static final Path MODULES = Path.of("../../modules").toAbsolutePath().normalize();

    static Parsed<ModuleConfig> load(String module, Platform platform) {
        return new UserConfigParser(platform, Map.of())
                .parse(MODULES.resolve(module).resolve("conf/userconfig.xml"));
    }

    @Test
    void hanwhaSsmWindowsModuleFromTheArticle() {
        Parsed<ModuleConfig> parsed = load("hanwha_ssm.safe", Platform.WINDOWS);
        ModuleConfig c = parsed.config();
        assertThat(parsed.warnings()).isEmpty();

        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.defaultPrim().kind()).isEqualTo(ServiceConfig.DefaultPrim.Kind.ALONE);
        assertThat(c.maxloop()).isEqualTo(3);
        assertThat(c.loopInterval()).isEqualTo(Duration.ofHours(24)); // bare "24" is hours
        assertThat(c.heart().pulse()).isEqualTo(Duration.ofMillis(700)); // bare "700" is ms
        assertThat(c.heart().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.heart().heartbeats()).singleElement().satisfies(hb -> {
            assertThat(hb.lan()).isEqualTo("default");
            assertThat(hb.carriesReplication()).isTrue();
            assertThat(hb.pulse()).isEqualTo(Duration.ofMillis(700));
        });
        assertThat(c.vip().orElseThrow().addresses()).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo("192.168.1.222");
            assertThat(a.where()).isEqualTo(VipConfig.Where.ONE_SIDE_ALIAS);
        });
        assertThat(c.vip().orElseThrow().interfaces().getFirst().arpReroute()).isTrue();
        assertThat(c.errd().orElseThrow().pollTimer()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.errd().orElseThrow().procs()).extracting(ErrdConfig.ProcMonitor::name)
                .containsExactly("pg_ctl.exe", "ServiceManager.exe", "HAServerService.exe");
        assertThat(c.errd().orElseThrow().procs()).allSatisfy(p -> {
            assertThat(p.action()).isEqualTo(RecoveryAction.RESTART);
            assertThat(p.procClass()).isEqualTo("prim");
            assertThat(p.atLeast()).isEqualTo(1);
        });
        assertThat(c.syncMode()).isEqualTo(RfsConfig.SyncMode.SECOND);
        assertThat(c.rfs().reintegrationThreads()).isEqualTo(3);
        assertThat(c.rfs().acl()).isFalse();
        assertThat(c.rfs().replicated()).hasSize(2);
        RfsConfig.ReplicatedDir db = c.rfs().replicated().get(0);
        assertThat(db.dir()).isEqualTo("C:\\PostgreSQL\\9.1\\data");
        assertThat(db.readOnly()).isTrue();
        assertThat(db.excludedPaths()).containsExactly("pg_log", "postmaster.pid");
        assertThat(c.rfs().replicated().get(1).dir())
                .isEqualTo("C:\\Program Files (x86)\\Samsung\\SSM\\SystemManager\\MapFile");
        assertThat(c.scriptsEnabled()).isTrue();
        assertThat(c.niceStopTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.forceStopTimeout()).isEqualTo(Duration.ofSeconds(300));
        // <interface check="on"> and <virtual_addr> (check defaults to on) generate intf and ip checkers.
        assertThat(c.checkers()).extracting(Checker::resource)
                .containsExactly("intf.192.168.1.222", "ip.192.168.1.222");
    }

    @Test
    void hanwhaModuleIsRejectedAsALinuxModuleBecauseItsPathsAreWindowsPaths() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> load("hanwha_ssm.safe", Platform.LINUX))
                .hasMessageContaining("C:\\PostgreSQL\\9.1\\data")
                .hasMessageContaining("not an absolute path");
    }

    @Test
    void postgresqlLinuxModuleExpandsItsMacros() {
        Parsed<ModuleConfig> parsed = load("postgresql.safe", Platform.LINUX);
        ModuleConfig c = parsed.config();
        assertThat(parsed.warnings()).isEmpty();
        assertThat(c.macros()).containsEntry("PGVERSION", "15").containsEntry("PGCLUSTER", "main");
        assertThat(c.rfs().replicated()).singleElement().satisfies(d -> {
            assertThat(d.dir()).isEqualTo("/var/lib/postgresql/15/main");
            assertThat(d.readOnly()).isFalse();
            assertThat(d.toCheck()).containsExactly("PG_VERSION");
            assertThat(d.excludedPaths()).containsExactly("postmaster.pid", "pg_stat_tmp");
        });
        assertThat(c.syncMode()).isEqualTo(RfsConfig.SyncMode.NONE);
        assertThat(c.rfs().reintegrationThreads()).isEqualTo(6);
        assertThat(c.rfs().lockTimeout()).isEqualTo(Duration.ofSeconds(100));
        assertThat(c.rfs().sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.vip().orElseThrow().addresses().getFirst().address()).isEqualTo("192.168.1.223");
        assertThat(c.errd().orElseThrow().procs().getFirst().name()).isEqualTo("postgres");
        assertThat(c.scriptVariables()).containsExactly(Map.entry("PGVERSION", "15"), Map.entry("PGCLUSTER", "main"));
        assertThat(c.niceStopTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.forceStopTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.loopInterval()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void genericMirrorTemplateLoadsWithDefaults() {
        ModuleConfig c = load("mirror.safe", Platform.LINUX).config();
        assertThat(c.heart().pulse()).isEqualTo(HeartConfig.DEFAULT_PULSE);
        assertThat(c.heart().timeout()).isEqualTo(HeartConfig.DEFAULT_TIMEOUT);
        assertThat(c.rfs().replicated().getFirst().dir()).isEqualTo("/srv/duplex/data");
        assertThat(c.scriptVariables()).containsEntry("SERVICES", "");
        assertThat(c.errd()).isEmpty();
        assertThat(c.failover()).isEmpty();
    }
}

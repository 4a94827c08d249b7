package org.duplex.config.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

/** Accepted forms, defaults, macros and warnings of the userconfig parser. */
class UserConfigParserTest {
    static final String HEART = "<heart><heartbeat name=\"default\"/></heart>\n";
    static final String RFS = "<rfs><replicated dir=\"/data\"/></rfs>\n";

    static Parsed<ModuleConfig> parse(String xml, Map<String, String> env) {
        return new UserConfigParser(Platform.LINUX, env).parse(xml.getBytes(StandardCharsets.UTF_8), "u.xml");
    }

    static Parsed<ModuleConfig> parse(String xml) {
        return parse(xml, Map.of());
    }

    @Test
    void defaultsAreSafeKitDefaults() {
        ModuleConfig c = parse("<safe><service mode=\"mirror\">" + HEART + RFS + "</service></safe>").config();
        assertThat(c.service().boot()).isEqualTo(ServiceConfig.Boot.IGNORE);
        assertThat(c.failoverEnabled()).isTrue();
        assertThat(c.maxloop()).isEqualTo(3);
        assertThat(c.loopInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(c.heart().pulse()).isEqualTo(Duration.ofMillis(700));
        assertThat(c.heart().timeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(c.heart().port()).isEmpty();
        assertThat(c.syncMode()).isEqualTo(RfsConfig.SyncMode.SECOND);
        assertThat(c.rfs().reintegrationThreads()).isEqualTo(6);
        assertThat(c.rfs().ioTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.rfs().reintegrationTimeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(c.rfs().zoneBlockSizeBytes()).isEqualTo(8_388_608);
        assertThat(c.rfs().reintegrationBandwidthKbps()).isEmpty();
        assertThat(c.rfs().namespacePolicy()).isEqualTo(4);
        assertThat(c.scriptsEnabled()).isFalse();
        assertThat(c.niceStopTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.checkers()).isEmpty();
    }

    @Test
    void legacyRootServiceWithDoctypeAndUnitlessValues() {
        Parsed<ModuleConfig> p = parse("<!DOCTYPE safe>\n<service mode=\"mirror\" loop_interval=\"12\">"
                + "<heart pulse=\"700\" timeout=\"5000\"><heartbeat name=\"default\"/></heart>" + RFS + "</service>");
        assertThat(p.config().heart().pulse()).isEqualTo(Duration.ofMillis(700));
        assertThat(p.config().heart().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.config().loopInterval()).isEqualTo(Duration.ofHours(12));
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void macroWinsOverEnvironmentVariableAndEnvironmentFillsTheRest() {
        String xml = "<safe><macro name=\"DIR\" value=\"/from/macro\"/><service mode=\"mirror\">" + HEART
                + "<rfs><replicated dir=\"%DIR%\"/><replicated dir=\"%OTHER%/x\"/></rfs></service></safe>";
        ModuleConfig c = parse(xml, Map.of("DIR", "/from/env", "OTHER", "/env")).config();
        assertThat(c.rfs().replicated()).extracting(RfsConfig.ReplicatedDir::dir).containsExactly("/from/macro", "/env/x");
    }

    @Test
    void unresolvedMacroIsAWarning() {
        Parsed<ModuleConfig> p = parse("<safe><service mode=\"mirror\">" + HEART
                + "<rfs><replicated dir=\"/data\"/></rfs><user><var name=\"X\" value=\"%NOPE%\"/></user></service></safe>");
        assertThat(p.config().scriptVariables()).containsEntry("X", "%NOPE%");
        assertThat(p.warnings()).extracting(ConfigWarning::message).anyMatch(m -> m.contains("%NOPE%"));
    }

    @Test
    void unknownElementsAndAttributesAreWarningsWithTheirLine() {
        Parsed<ModuleConfig> p = parse("<safe><service mode=\"mirror\">\n" + HEART
                + "<rfs mountover=\"off\"><replicated dir=\"/data\"/></rfs>\n<vhost><virtualhostname name=\"v\"/></vhost>\n"
                + "</service></safe>");
        assertThat(p.warnings()).extracting(w -> w.location().line() + " " + w.message()).containsExactly(
                "3 <rfs> attribute 'mountover' is not implemented by Duplex; ignored",
                "4 element <vhost> in <service> is not implemented by Duplex; ignored");
        assertThat(p.warnings().getFirst().toString()).startsWith("u.xml:3:");
    }

    @Test
    void checkersWithDefaultsAndFailoverRulesKeptRaw() {
        String xml = "<safe><service mode=\"mirror\">" + HEART + RFS + "<check>"
                + "<tcp ident=\"R1test\" when=\"prim\" action=\"restart\"><to addr=\"10.0.0.5\" port=\"80\"/></tcp>"
                + "<ping ident=\"testR2\"><to addr=\"10.0.0.6\" interval=\"20\"/></ping>"
                + "<custom ident=\"AppChecker\" when=\"prim\" exec=\"mychecker\" arg=\"-v x\" action=\"stopstart\"/>"
                + "<splitbrain ident=\"witness\" exec=\"ping\" arg=\"192.168.1.100 192.168.2.120\"/>"
                + "</check><failover period=\"2s\"><![CDATA[\n  checkfile_failure: if (custom.checkfile == down) then restart();\n]]>"
                + "</failover></service></safe>";
        ModuleConfig c = parse(xml).config();
        assertThat(c.checkers()).extracting(Checker::resource)
                .containsExactly("tcp.R1test", "ping.testR2", "custom.AppChecker", "splitbrain.witness");
        Checker ping = c.checkers().get(1);
        assertThat(ping.when()).isEqualTo(Checker.When.PRE);
        assertThat(ping.action()).isEqualTo(RecoveryAction.WAIT);
        assertThat(ping.targets().getFirst().interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ping.targets().getFirst().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkers().get(0).targets().getFirst().port()).hasValue(80);
        assertThat(c.checkers().get(2).args()).containsExactly("-v", "x");
        assertThat(c.checkers().get(3).args()).containsExactly("192.168.1.100", "192.168.2.120");
        FailoverConfig f = c.failover().orElseThrow();
        assertThat(f.period()).isEqualTo(Duration.ofSeconds(2));
        assertThat(f.handleTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(f.ruleBlocks()).containsExactly("checkfile_failure: if (custom.checkfile == down) then restart();");
    }

    @Test
    void processHandlerActionAndRegexes() {
        ModuleConfig c = parse("<safe><service mode=\"mirror\">" + HEART + RFS + "<user/><errd polltimer=\"10\">"
                + "<proc name=\"oracle\" nameregex=\"ora_.*\" atleast=\"2\" atmax=\"4\" action=\"handler.sh\" class=\"custom1\"/>"
                + "</errd></service></safe>").config();
        ErrdConfig.ProcMonitor p = c.errd().orElseThrow().procs().getFirst();
        assertThat(p.action()).isEqualTo(RecoveryAction.HANDLER);
        assertThat(p.handler()).hasValue("handler.sh");
        assertThat(p.nameRegex()).hasValue("ora_.*");
        assertThat(p.atLeast()).isEqualTo(2);
        assertThat(p.atMost()).isEqualTo(4);
        assertThat(p.procClass()).isEqualTo("custom1");
    }

    @Test
    void windowsPathsWithSpacesAndParenthesesAreAbsoluteOnWindowsOnly() {
        String xml = "<safe><service mode=\"mirror\">" + HEART
                + "<rfs><replicated dir=\"C:/Program Files (x86)/App Data/\"/></rfs></service></safe>";
        ModuleConfig c = new UserConfigParser(Platform.WINDOWS, Map.of())
                .parse(xml.getBytes(StandardCharsets.UTF_8), "u.xml").config();
        assertThat(c.rfs().replicated().getFirst().dir()).isEqualTo("C:\\Program Files (x86)\\App Data");
    }

    @Test
    void heartbeatsInheritAndOverrideTiming() {
        ModuleConfig c = parse("<safe><service mode=\"mirror\"><heart pulse=\"1s\" timeout=\"10s\">"
                + "<heartbeat name=\"default\"/><heartbeat name=\"private\" ident=\"flow\" timeout=\"20s\"/></heart>"
                + RFS + "</service></safe>").config();
        assertThat(c.heart().heartbeats()).extracting(h -> h.lan() + " " + h.ident() + " " + h.pulse() + " " + h.timeout())
                .containsExactly("default default PT1S PT10S", "private flow PT1S PT20S");
        assertThat(c.heart().replicationHeartbeat().lan()).isEqualTo("private");
    }
}

package org.duplex.config.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

/**
 * Every attribute of safekit-behaviour.md §2.1-2.9 that Duplex reads is spelled as SafeKit spells
 * it: a config using all of them parses with warnings only for the ones Duplex does not implement.
 */
class FullSchemaTest {
    static final String ALL = """
            <!DOCTYPE safe>
            <safe>
            <macro name="VIP" value="10.0.0.100"/>
            <service mode="mirror" boot="auto" boot_delay="5s" failover="off" defaultprim="lastprim"
                     maxloop="5" loop_interval="12h" automatic_reboot="on">
             <heart port="9000" pulse="500ms" timeout="10s" permanent_arp="off">
              <heartbeat name="default" ident="hb1" pulse="1s" timeout="20s"/>
              <heartbeat name="private" ident="flow"/>
             </heart>
             <vip tcpreset="off">
              <interface_list>
               <interface check="off" arpreroute="on" arpinterval="30s" arpelapse="600s" name="eth0">
                <real_interface>
                 <virtual_addr addr="%VIP%" where="one_side" check="off" connections="on" netmask="255.255.255.0"/>
                </real_interface>
               </interface>
              </interface_list>
             </vip>
             <rfs acl="on" async="none" iotimeout="60s" locktimeout="50s" sendtimeout="20s" nbrei="4"
                  ruzone_blocksize="16777216" reipacketsize="8388608" namespacepolicy="3" reitimeout="100s"
                  checktime="100000ms" checkintv="60s" scripts="on" reiallowedbw="20000" syncdelta="10m"
                  syncat="0 2 * * *" roflags="0x10">
              <replicated dir="/srv/a" mode="read_only">
               <tocheck path="marker"/>
               <notreplicated path="tmp"/>
               <notreplicated regexpath=".*\\.tmp$"/>
              </replicated>
              <flow name="private"/>
             </rfs>
             <user nicestoptimeout="100s" forcestoptimeout="50s" logging="none" userlogsize="4096">
              <var name="SERVICES" value="a, b"/>
             </user>
             <errd polltimer="15s">
              <proc name="postgres" service="yes" nameregex="postgres.*" argregex=".*-D.*" atleast="1" atmax="10"
                    action="restart" restart_services="x, y" class="prim" start_after="2"/>
             </errd>
             <check>
              <tcp ident="web" when="prim" action="restart"><to addr="10.0.0.5" port="80" interval="5s" timeout="2s"/></tcp>
              <ping ident="gw" when="pre" action="wait"><to addr="10.0.0.1"/></ping>
              <intf ident="eth"><to local_addr="10.0.0.2"/></intf>
              <ip ident="vip" when="prim"><to addr="10.0.0.100"/></ip>
              <custom ident="app" when="prim" exec="check.sh" arg="-q" action="stopstart"/>
              <module name="db"><to addr="10.0.0.9" port="9010"/></module>
              <splitbrain ident="witness" exec="ping" arg="10.0.0.1 10.0.1.1"/>
             </check>
             <failover extends="no" period="1000ms" handle_time="3000ms"><![CDATA[
               r1: if (custom.app == down) then stopstart();
             ]]></failover>
            </service>
            </safe>
            """;

    @Test
    void everyDocumentedAttributeIsReadAndOnlyUnimplementedOnesWarn() {
        Parsed<ModuleConfig> p = new UserConfigParser(Platform.LINUX, Map.of())
                .parse(ALL.getBytes(StandardCharsets.UTF_8), "all.xml");
        assertThat(p.warnings()).extracting(ConfigWarning::message)
                .containsExactly("<rfs> attribute 'roflags' is not implemented by Duplex; ignored");
        ModuleConfig c = p.config();
        assertThat(c.service().boot()).isEqualTo(ServiceConfig.Boot.AUTO);
        assertThat(c.service().bootDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.failoverEnabled()).isFalse();
        assertThat(c.defaultPrim().kind()).isEqualTo(ServiceConfig.DefaultPrim.Kind.LASTPRIM);
        assertThat(c.service().automaticReboot()).isTrue();
        assertThat(c.heart().port()).hasValue(9000);
        assertThat(c.heart().permanentArp()).isFalse();
        assertThat(c.heart().heartbeats().get(0).timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.heart().heartbeats().get(1).pulse()).isEqualTo(Duration.ofMillis(500));
        VipConfig.VirtualAddress va = c.vip().orElseThrow().addresses().getFirst();
        assertThat(va.address()).isEqualTo("10.0.0.100");
        assertThat(va.where()).isEqualTo(VipConfig.Where.ONE_SIDE);
        assertThat(va.netmask()).hasValue("255.255.255.0");
        assertThat(c.vip().orElseThrow().interfaces().getFirst().arpInterval()).isEqualTo(Duration.ofSeconds(30));
        RfsConfig r = c.rfs();
        assertThat(r.syncMode()).isEqualTo(RfsConfig.SyncMode.NONE);
        assertThat(r.acl()).isTrue();
        assertThat(r.zoneBlockSizeBytes()).isEqualTo(16_777_216);
        assertThat(r.namespacePolicy()).isEqualTo(3);
        assertThat(r.checkTime()).isEqualTo(Duration.ofSeconds(100));
        assertThat(r.reintegrationBandwidthKbps()).hasValue(20_000);
        assertThat(r.syncDelta()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.syncAt()).hasValue("0 2 * * *");
        assertThat(r.flowLan()).hasValue("private");
        assertThat(r.replicated().getFirst().excludedRegexes()).containsExactly(".*\\.tmp$");
        assertThat(c.user().orElseThrow().userLog()).isFalse();
        assertThat(c.user().orElseThrow().userLogSizeKb()).isEqualTo(4096);
        ErrdConfig.ProcMonitor proc = c.errd().orElseThrow().procs().getFirst();
        assertThat(proc.service()).isTrue();
        assertThat(proc.restartServices()).containsExactly("x", "y");
        assertThat(proc.startAfter()).isEqualTo(2);
        assertThat(c.checkers()).extracting(Checker::resource).containsExactly(
                "tcp.web", "ping.gw", "intf.eth", "ip.vip", "custom.app", "splitbrain.witness", "module.db");
        assertThat(c.checkers().getFirst().targets().getFirst().timeout()).isEqualTo(Duration.ofSeconds(2));
        FailoverConfig f = c.failover().orElseThrow();
        assertThat(f.extendsDefaults()).isFalse();
        assertThat(f.handleTime()).isEqualTo(Duration.ofSeconds(3));
    }
}

package org.duplex.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duplex.common.UserError;
import org.duplex.config.ConfigException;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.UserConfigParser;
import org.junit.jupiter.api.Test;

class ClusterConfigParserTest {
    static final String CLUSTER = """
            <cluster>
             <lans port="4800" pulse="100">
              <lan name="default">
               <node name="node1" addr="192.168.1.67"/>
               <node name="node2" addr="192.168.1.68"/>
              </lan>
              <lan name="repli">
               <node name="node1" addr="10.0.0.1"/>
               <node name="node2" addr="[fd00::2]"/>
              </lan>
             </lans>
            </cluster>
            """;

    static Parsed<ClusterConfig> parse(String xml) {
        return ClusterConfigParser.parse(xml.getBytes(StandardCharsets.UTF_8), "cluster.xml");
    }

    @Test
    void nodesAndTheirAddressOnEachLan() {
        Parsed<ClusterConfig> p = parse(CLUSTER);
        ClusterConfig c = p.config();
        assertThat(p.warnings()).isEmpty();
        assertThat(c.nodeNames()).containsExactly("node1", "node2");
        assertThat(c.membershipPort()).isEqualTo(4800);
        assertThat(c.membershipPulse()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.mlostCount()).isEqualTo(20);
        assertThat(c.lan("repli").orElseThrow().node("node2").orElseThrow().address()).isEqualTo("fd00::2");
        assertThat(c.lan("default").orElseThrow().node("node1").orElseThrow().address()).isEqualTo("192.168.1.67");
    }

    @Test
    void duplicateNodeNamesAreAnErrorWithTheirLine() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse("""
                <cluster><lans><lan name="default">
                <node name="node1" addr="10.0.0.1"/>
                <node name="node1" addr="10.0.0.2"/>
                </lan></lans></cluster>"""));
        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("node 'node1' appears twice in LAN 'default'");
    }

    @Test
    void nodeAddressMustBeAnAddress() {
        assertThatThrownBy(() -> parse("<cluster><lans><lan name=\"default\"><node name=\"a\" addr=\"not an ip\"/></lan></lans></cluster>"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'not an ip' is not an address");
    }

    @Test
    void nodeMissingFromALanIsAWarning() {
        Parsed<ClusterConfig> p = parse("""
                <cluster><lans>
                <lan name="default"><node name="a" addr="10.0.0.1"/><node name="b" addr="10.0.0.2"/></lan>
                <lan name="repli"><node name="a" addr="10.1.0.1"/></lan>
                </lans></cluster>""");
        assertThat(p.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location().line()).isEqualTo(3);
            assertThat(w.message()).contains("node 'b' has no address on LAN 'repli'");
        });
    }

    @Test
    void moduleHeartbeatsMustNameClusterLans() {
        ModuleConfig module = new UserConfigParser(Platform.LINUX, Map.of()).parse(("<safe><service mode=\"mirror\">\n"
                + "<heart><heartbeat name=\"default\"/>\n<heartbeat name=\"backup\"/></heart>"
                + "<rfs><replicated dir=\"/d\"/></rfs></service></safe>").getBytes(StandardCharsets.UTF_8), "u.xml").config();
        assertThatThrownBy(() -> ClusterConfigParser.checkModuleAgainstCluster(module, parse(CLUSTER).config(), "cluster.xml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("u.xml:3:")
                .hasMessageContaining("LAN 'backup' is not defined in cluster.xml");
    }

    @Test
    void defaultPrimMustBeANodeOfTheCluster() {
        UserConfigParser parser = new UserConfigParser(Platform.LINUX, Map.of());
        String body = "<heart><heartbeat name=\"default\"/></heart><rfs><replicated dir=\"/d\"/></rfs></service></safe>";
        ModuleConfig good = parser.parse(("<safe><service mode=\"mirror\" defaultprim=\"node2\">" + body)
                .getBytes(StandardCharsets.UTF_8), "u.xml").config();
        ClusterConfigParser.checkModuleAgainstCluster(good, parse(CLUSTER).config(), "cluster.xml");
        ModuleConfig bad = parser.parse(("<safe>\n<service mode=\"mirror\" defaultprim=\"node9\">" + body)
                .getBytes(StandardCharsets.UTF_8), "u.xml").config();
        assertThatThrownBy(() -> ClusterConfigParser.checkModuleAgainstCluster(bad, parse(CLUSTER).config(), "cluster.xml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("u.xml:2:")
                .hasMessageContaining("'node9' is not a node of cluster.xml");
    }

    @Test
    void localNodeIsTheExplicitNameElseTheNodeWithALocalAddress() {
        ClusterConfig c = parse(CLUSTER).config();
        assertThat(LocalNodeResolver.resolve(c, Optional.of("node2"), a -> false)).isEqualTo("node2");
        assertThat(LocalNodeResolver.resolve(c, Optional.empty(), Set.of("10.0.0.1")::contains)).isEqualTo("node1");
        assertThat(LocalNodeResolver.resolve(c, Optional.empty(), Set.of("fd00::2")::contains)).isEqualTo("node2");
    }

    @Test
    void localNodeErrorsNameTheWayOut() {
        ClusterConfig c = parse(CLUSTER).config();
        assertThatThrownBy(() -> LocalNodeResolver.resolve(c, Optional.of("node3"), a -> true))
                .isInstanceOf(UserError.class).hasMessageContaining("DUPLEX_NODE=node3 is not a node");
        assertThatThrownBy(() -> LocalNodeResolver.resolve(c, Optional.empty(), a -> false))
                .hasMessageContaining("no node of the cluster has a local address").hasMessageContaining("set DUPLEX_NODE");
        assertThatThrownBy(() -> LocalNodeResolver.resolve(c, Optional.empty(), a -> true))
                .hasMessageContaining("several nodes");
    }
}

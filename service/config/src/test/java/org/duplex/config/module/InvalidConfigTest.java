package org.duplex.config.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.duplex.config.ConfigException;
import org.duplex.config.Platform;
import org.junit.jupiter.api.Test;

/**
 * One test per class of invalid configuration: each must fail with the file, line and column,
 * the element or attribute, and what is expected.
 */
class InvalidConfigTest {
    static final String HEART = "<heart><heartbeat name=\"default\"/></heart>\n";
    static final String RFS = "<rfs><replicated dir=\"/data\"/></rfs>\n";

    /** A mirror module whose line 3 is {@code body} (lines 1-2 are the header). */
    static String module(String body) {
        return "<!DOCTYPE safe>\n<safe><service mode=\"mirror\">\n" + body + "\n</service></safe>\n";
    }

    static ConfigException error(String xml, Platform platform) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() ->
                new UserConfigParser(platform, Map.of()).parse(xml.getBytes(StandardCharsets.UTF_8), "userconfig.xml"));
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    static ConfigException error(String xml) {
        return error(xml, Platform.LINUX);
    }

    static void assertAt(ConfigException e, int line, String... fragments) {
        assertThat(e.location().file()).isEqualTo("userconfig.xml");
        assertThat(e.location().line()).isEqualTo(line);
        assertThat(e.location().column()).isPositive();
        assertThat(e.getMessage()).startsWith("userconfig.xml:" + line + ":");
        for (String f : fragments) {
            assertThat(e.getMessage()).contains(f);
        }
    }

    @Test
    void nonNumericDuration() {
        ConfigException e = error(module("<heart pulse=\"fast\"><heartbeat name=\"default\"/></heart>" + RFS));
        assertAt(e, 3, "<heart> attribute 'pulse'", "'fast' is not a duration", "default unit ms");
    }

    @Test
    void negativeDuration() {
        ConfigException e = error(module(HEART + "<rfs locktimeout=\"-5s\"><replicated dir=\"/data\"/></rfs>"));
        assertAt(e, 4, "<rfs> attribute 'locktimeout'", "negative");
    }

    @Test
    void durationRoundingToZeroInTheDefaultUnit() {
        ConfigException e = error(module("<user nicestoptimeout=\"500ms\"/>" + HEART + RFS));
        assertAt(e, 3, "nicestoptimeout", "rounds to 0", "expected time unit: 's'");
    }

    @Test
    void timeoutNotGreaterThanPulse() {
        ConfigException e = error(module("<heart pulse=\"2s\" timeout=\"2000\"><heartbeat name=\"default\"/></heart>" + RFS));
        assertAt(e, 3, "<heart> attribute 'timeout'", "not greater than pulse", "expected timeout > pulse");
    }

    @Test
    void heartbeatTimeoutNotGreaterThanItsPulse() {
        ConfigException e = error(module("<heart>\n<heartbeat name=\"default\" pulse=\"1s\" timeout=\"500\"/></heart>" + RFS));
        assertAt(e, 4, "<heartbeat> attribute 'timeout'");
    }

    @Test
    void nestedReplicatedDirs() {
        ConfigException e = error(module(HEART + "<rfs><replicated dir=\"/data\"/>\n<replicated dir=\"/data/db\"/></rfs>"));
        assertAt(e, 5, "/data/db is inside replicated dir /data", "line 4", "do not overlap");
    }

    @Test
    void duplicateReplicatedDirsEvenWrittenDifferently() {
        ConfigException e = error(module(HEART + "<rfs><replicated dir=\"/data\"/>\n<replicated dir=\"/data/./\"/></rfs>"));
        assertAt(e, 5, "/data is replicated twice");
    }

    @Test
    void windowsDuplicatesCompareCaseInsensitively() {
        ConfigException e = error(module(HEART + "<rfs><replicated dir=\"C:\\Data\"/>\n<replicated dir=\"c:\\data\\db\"/></rfs>"),
                Platform.WINDOWS);
        assertAt(e, 5, "is inside replicated dir C:\\Data");
    }

    @Test
    void relativeReplicatedDir() {
        ConfigException e = error(module(HEART + "<rfs><replicated dir=\"data/db\"/></rfs>"));
        assertAt(e, 4, "<replicated> attribute 'dir'", "not an absolute path");
    }

    @Test
    void replicatedFilesystemRoot() {
        assertAt(error(module(HEART + "<rfs><replicated dir=\"/\"/></rfs>")), 4, "filesystem root");
        assertAt(error(module(HEART + "<rfs><replicated dir=\"D:\\\"/></rfs>"), Platform.WINDOWS), 4, "root of a drive");
    }

    @Test
    void notReplicatedPathEscapingItsDir() {
        ConfigException e = error(module(HEART + "<rfs><replicated dir=\"/data\">\n<notreplicated path=\"logs/../../etc\"/></replicated></rfs>"));
        assertAt(e, 5, "<notreplicated> attribute 'path'", "escapes the replicated dir");
        ConfigException abs = error(module(HEART + "<rfs><replicated dir=\"/data\">\n<notreplicated path=\"/etc\"/></replicated></rfs>"));
        assertAt(abs, 5, "is absolute");
    }

    @Test
    void mirrorWithoutRfs() {
        ConfigException e = error(module(HEART));
        assertAt(e, 2, "<service>", "needs <rfs>");
    }

    @Test
    void unknownCheckerAction() {
        ConfigException e = error(module(HEART + RFS + "<check><tcp ident=\"web\" action=\"reboot\"><to addr=\"10.0.0.1\" port=\"80\"/></tcp></check>"));
        assertAt(e, 5, "<tcp> attribute 'action'", "'reboot' is not an action", "restart, stop, stopstart, wait or noaction");
    }

    @Test
    void unknownProcessAction() {
        ConfigException e = error(module(HEART + RFS + "<user/><errd>\n<proc name=\"postgres\" action=\"restrat\"/></errd>"));
        assertAt(e, 6, "<proc> attribute 'action'", "'restrat' is not an action");
    }

    @Test
    void vipThatIsNotAnAddress() {
        ConfigException e = error(module(HEART + RFS
                + "<vip><interface_list><interface><real_interface>\n<virtual_addr addr=\"VIRTUAL_TO_BE_DEFINED\"/>"
                + "</real_interface></interface></interface_list></vip>"));
        assertAt(e, 6, "<virtual_addr> attribute 'addr'", "'VIRTUAL_TO_BE_DEFINED' is not an address");
        assertAt(error(module(HEART + RFS + "<vip><interface_list><interface><real_interface>\n<virtual_addr addr=\"192.168.1.300\"/>"
                + "</real_interface></interface></interface_list></vip>")), 6, "'192.168.1.300' is not an address");
    }

    @Test
    void malformedXml() {
        ConfigException e = error("<safe>\n<service mode=\"mirror\">\n<heart>\n</service></safe>");
        assertThat(e.location().line()).isEqualTo(4);
        assertThat(e.getMessage()).startsWith("userconfig.xml:4:").contains("malformed XML");
    }

    @Test
    void unsupportedMode() {
        assertAt(error("<safe><service mode=\"farm\">\n</service></safe>"), 1, "'farm' is not supported", "expected mirror");
    }

    @Test
    void wrongRootElement() {
        assertAt(error("<config/>"), 1, "root element is <config>");
    }

    @Test
    void nonNumericInteger() {
        assertAt(error(module(HEART + "<rfs nbrei=\"six\"><replicated dir=\"/data\"/></rfs>")), 4,
                "<rfs> attribute 'nbrei'", "not an integer", "from 1 to 64");
    }

    @Test
    void badSwitch() {
        assertAt(error("<safe><service mode=\"mirror\" failover=\"maybe\">\n" + HEART + RFS + "</service></safe>"), 1,
                "'failover'", "expected on or off");
    }

    @Test
    void invalidRegex() {
        assertAt(error(module(HEART + "<rfs><replicated dir=\"/data\">\n<notreplicated regexpath=\"(*.tmp\"/></replicated></rfs>")),
                5, "'regexpath'", "not a valid regular expression");
    }

    @Test
    void linuxProcessNameLongerThanTheKernelAllows() {
        assertAt(error(module(HEART + RFS + "<user/><errd><proc name=\"postgresql-server\"/></errd>")), 5,
                "'name'", "at most 15");
    }

    @Test
    void errdWithoutUser() {
        assertAt(error(module(HEART + RFS + "<errd><proc name=\"postgres\"/></errd>")), 2, "<errd> needs <user/>");
    }

    @Test
    void heartWithoutHeartbeat() {
        assertAt(error(module("<heart/>" + RFS)), 3, "no <heartbeat>");
    }

    @Test
    void duplicateElementThatMayAppearOnce() {
        assertAt(error(module(HEART + RFS + "\n" + RFS)), 6, "<rfs> appears more than once");
    }

    @Test
    void tcpCheckerWithoutTarget() {
        assertAt(error(module(HEART + RFS + "<check><tcp ident=\"web\"/></check>")), 5, "<tcp>", "has no <to");
    }

    @Test
    void twoSplitBrainCheckers() {
        assertAt(error(module(HEART + RFS + "<check>\n<splitbrain ident=\"a\" arg=\"10.0.0.1\"/><splitbrain ident=\"b\" arg=\"10.0.0.2\"/></check>")),
                5, "more than one <splitbrain>");
    }
}

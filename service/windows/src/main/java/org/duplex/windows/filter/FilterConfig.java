package org.duplex.windows.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.duplex.common.Check;
import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;

/**
 * What the minifilter must intercept, encoded as {@code DPX_CMD_SET_CONFIG}
 * (native/windows/include/duplex_protocol.h: {@code struct dpx_config} then one
 * {@code struct dpx_rule} + UTF-16LE NT device path per rule).
 *
 * <p>The kernel matches plain directory prefixes only; SafeKit's {@code <notreplicated>} regular
 * expressions stay in Java (the handler answers those upcalls without replicating), and only
 * {@code <notreplicated path="...">} directories become kernel rules so their traffic never
 * leaves the kernel.
 *
 * @param mode            what the filter does with the directories
 * @param exemptPid       the Duplex service's pid: its own writes (the secondary's applier,
 *                        resync) are never intercepted nor refused
 * @param acl             also intercept SET_EA and SET_SECURITY ({@code <rfs acl="on">})
 * @param replyTimeoutSeconds how long the kernel waits for an upcall's reply ({@code iotimeout})
 * @param rules           replicated and notreplicated directories, as NT device paths
 */
public record FilterConfig(Mode mode, long exemptPid, boolean acl, int replyTimeoutSeconds, List<Rule> rules) {
    /** DPX_MAX_RULES in the header. */
    public static final int MAX_RULES = 64;
    static final int COMMAND_SET_CONFIG = 1;
    static final int PROTOCOL_VERSION = 1;
    static final int CONFIG_BYTES = 32;
    static final int RULE_BYTES = 8;

    /** enum dpx_mode. */
    public enum Mode {
        PASSTHROUGH(0), REPLICATE(1), READ_ONLY(2);

        final int wire;

        Mode(int wire) {
            this.wire = wire;
        }
    }

    /** A directory, as the kernel names it: {@code \Device\HarddiskVolume3\SSM\pgdata}. */
    public record Rule(boolean replicated, String devicePath) {}

    public FilterConfig {
        Check.argument(rules.size() <= MAX_RULES, "at most %s directory rules, got %s", MAX_RULES, rules.size());
        Check.argument(replyTimeoutSeconds > 0, "reply timeout must be > 0 s: %s", replyTimeoutSeconds);
        Check.argument(exemptPid > 0 && exemptPid <= 0xFFFF_FFFFL, "exempt pid out of range: %s", exemptPid);
        rules = List.copyOf(rules);
    }

    /**
     * Turns drive-letter directories into the kernel's device paths.
     *
     * @param deviceOfDrive "C:" to "\Device\HarddiskVolume3" (QueryDosDevice; null if unknown)
     * @throws UserError for a UNC directory (replication of a network share is not supported,
     *                   as in SafeKit) or a drive with no volume
     */
    public static List<Rule> rules(List<WindowsPath> replicated, List<WindowsPath> notReplicated,
                                   java.util.function.Function<String, String> deviceOfDrive) {
        List<Rule> rules = new ArrayList<>();
        for (WindowsPath p : replicated) {
            rules.add(new Rule(true, devicePath(p, deviceOfDrive)));
        }
        for (WindowsPath p : notReplicated) {
            rules.add(new Rule(false, devicePath(p, deviceOfDrive)));
        }
        return rules;
    }

    private static String devicePath(WindowsPath p, java.util.function.Function<String, String> deviceOfDrive) {
        if (p.isUnc()) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "replicated directory '" + p
                    + "' is on a network share: only local NTFS volumes can be replicated");
        }
        String drive = p.toString().substring(0, 2).toUpperCase(Locale.ROOT);
        String device = deviceOfDrive.apply(drive);
        if (device == null) {
            throw new UserError(UserError.Kind.NOT_FOUND, "replicated directory '" + p + "': drive " + drive
                    + " has no volume on this server");
        }
        return device + p.toString().substring(2);
    }

    /** The {@code DPX_CMD_SET_CONFIG} message bytes. */
    public byte[] encode() {
        List<byte[]> paths = rules.stream().map(r -> r.devicePath().getBytes(StandardCharsets.UTF_16LE)).toList();
        int size = CONFIG_BYTES + paths.stream().mapToInt(p -> RULE_BYTES + p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(COMMAND_SET_CONFIG).putInt(PROTOCOL_VERSION).putInt(mode.wire).putInt((int) exemptPid)
                .putInt(acl ? 1 : 0).putInt(replyTimeoutSeconds).putInt(rules.size()).putInt(0);
        for (int i = 0; i < rules.size(); i++) {
            b.putInt(rules.get(i).replicated() ? 1 : 2).putInt(paths.get(i).length).put(paths.get(i));
        }
        Check.that(!b.hasRemaining(), "config encoding left %s bytes unwritten", b.remaining());
        return b.array();
    }
}

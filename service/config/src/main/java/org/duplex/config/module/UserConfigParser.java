package org.duplex.config.module;

import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedMap;
import java.util.Set;
import org.duplex.common.UserError;
import org.duplex.config.ConfigException;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.Macros;
import org.duplex.config.xml.XmlNode;
import org.duplex.config.xml.XmlTreeReader;

/**
 * Parses and validates a SafeKit {@code conf/userconfig.xml} of a mirror module into a
 * {@link ModuleConfig}. Pure: the file content, the target platform and the environment (for
 * {@code %NAME%}) are parameters.
 *
 * <p>Accepted forms (safekit-behaviour.md §2, Appendix A): {@code <!DOCTYPE safe>}; a root
 * {@code <safe>} holding {@code <macro>}s and one {@code <service>}, or a bare root
 * {@code <service>} as in the Hanwha article; time values with or without units. Elements and
 * attributes Duplex does not implement produce warnings with their line; anything invalid throws
 * a {@link ConfigException} naming file, line, column, element, attribute and what is expected.
 */
public final class UserConfigParser {
    private final Platform platform;
    private final Map<String, String> environment;

    public UserConfigParser(Platform platform, Map<String, String> environment) {
        this.platform = platform;
        this.environment = Map.copyOf(environment);
    }

    /** Reads and parses a file; {@code file} in messages is the path as given. */
    public Parsed<ModuleConfig> parse(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(UserError.Kind.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(content, file.toString());
    }

    public Parsed<ModuleConfig> parse(byte[] content, String file) {
        List<ConfigWarning> warnings = new ArrayList<>();
        XmlNode root = XmlTreeReader.read(content, file);
        XmlNode service;
        Map<String, String> macros = new LinkedHashMap<>();
        if (root.name().equals("safe")) {
            ElementReader safe = new ElementReader(root, warnings);
            collectMacros(safe.children("macro"), macros, warnings);
            service = safe.child("service").orElseThrow(() -> safe.error("has no <service> (expected one)"));
            safe.finish();
        } else if (root.name().equals("service")) {
            service = root;
        } else {
            throw new ConfigException(root.location(), "root element is " + root.tag()
                    + " (expected <safe> containing <service>, or <service>)");
        }
        XmlNode expanded = expand(service, macros, warnings);
        ModuleConfig config = bindService(new ElementReader(expanded, warnings), macros, warnings);
        return new Parsed<>(config, warnings);
    }

    private void collectMacros(List<XmlNode> nodes, Map<String, String> macros, List<ConfigWarning> warnings) {
        for (XmlNode n : nodes) {
            ElementReader m = new ElementReader(n, warnings);
            String name = m.required("name");
            String value = m.string("value", "");
            if (macros.containsKey(name)) {
                throw m.error("name", "macro '" + name + "' is defined twice (expected unique macro names)");
            }
            // A macro value may use environment variables, not other macros (SafeKit expands in one pass).
            macros.put(name, new Macros(Map.of(), environment).expand(value, unresolved -> { }));
            m.finish();
        }
    }

    private XmlNode expand(XmlNode service, Map<String, String> macros, List<ConfigWarning> warnings) {
        Macros expander = new Macros(macros, environment);
        Set<String> unresolved = new LinkedHashSet<>();
        XmlNode expanded = service.mapValues(v -> expander.expand(v, unresolved::add));
        for (String name : unresolved) {
            warnings.add(new ConfigWarning(service.location(), "%" + name + "% is neither a <macro> nor an"
                    + " environment variable; left as written"));
        }
        return expanded;
    }

    private ModuleConfig bindService(ElementReader s, Map<String, String> macros, List<ConfigWarning> warnings) {
        String mode = s.required("mode");
        if (!mode.equals("mirror")) {
            throw s.error("mode", "'" + mode + "' is not supported (expected mirror: Duplex runs mirror modules only)");
        }
        ServiceConfig service = new ServiceConfig(
                ServiceConfig.Boot.valueOf(s.choice("boot", "ignore", "off", "on", "auto", "ignore").toUpperCase(java.util.Locale.ROOT)),
                s.duration("boot_delay", SECONDS, Duration.ZERO),
                s.flag("failover", true),
                ServiceConfig.DefaultPrim.parse(s.string("defaultprim", "alone").trim()),
                (int) s.integer("maxloop", 3, 0, 1000),
                s.duration("loop_interval", HOURS, Duration.ofHours(24)),
                s.flag("automatic_reboot", false),
                s.node().location());
        // Macros may also sit inside <service> in hand-written files.
        collectNestedMacros(s, warnings);
        HeartConfig heart = s.child("heart").map(n -> bindHeart(new ElementReader(n, warnings)))
                .orElseThrow(() -> s.error("a mirror module needs <heart> with at least one <heartbeat name=\"LAN\"/>"));
        RfsConfig rfs = s.child("rfs").map(n -> new RfsBinder(platform, warnings).bind(new ElementReader(n, warnings)))
                .orElseThrow(() -> s.error("mode 'mirror' needs <rfs> with at least one <replicated dir=\"...\"/>"));
        Optional<VipConfig> vip = s.child("vip").map(n -> VipBinder.bind(new ElementReader(n, warnings), warnings));
        Optional<UserConfig> user = s.child("user").map(n -> bindUser(new ElementReader(n, warnings), warnings));
        Optional<ErrdConfig> errd = s.child("errd").map(n -> ErrdBinder.bind(new ElementReader(n, warnings), platform, warnings));
        if (errd.isPresent() && user.isEmpty()) {
            throw s.error("<errd> needs <user/> (SafeKit runs no scripts, hence monitors no process, without it)");
        }
        List<Checker> checkers = new ArrayList<>();
        s.child("check").ifPresent(n -> checkers.addAll(CheckBinder.bind(new ElementReader(n, warnings), warnings)));
        vip.ifPresent(v -> checkers.addAll(VipBinder.generatedCheckers(v)));
        Optional<FailoverConfig> failover = s.child("failover").map(n -> bindFailover(new ElementReader(n, warnings)));
        s.finish();
        return new ModuleConfig(platform, service, heart, vip, rfs, user, errd, checkers, failover, macros);
    }

    private static void collectNestedMacros(ElementReader s, List<ConfigWarning> warnings) {
        for (XmlNode n : s.children("macro")) {
            warnings.add(new ConfigWarning(n.location(), "<macro> inside <service> is ignored (expected it before"
                    + " <service>, directly under <safe>)"));
        }
    }

    private static HeartConfig bindHeart(ElementReader h) {
        OptionalInt port = h.optional("port").isPresent()
                ? OptionalInt.of((int) h.integer("port", 0, 1, 65535)) : OptionalInt.empty();
        Duration pulse = h.duration("pulse", MILLIS, HeartConfig.DEFAULT_PULSE);
        Duration timeout = h.duration("timeout", MILLIS, HeartConfig.DEFAULT_TIMEOUT);
        requirePositive(h, "pulse", pulse);
        if (timeout.compareTo(pulse) <= 0) {
            throw h.error("timeout", "" + timeout.toMillis() + "ms is not greater than pulse " + pulse.toMillis()
                    + "ms (expected timeout > pulse, e.g. pulse=\"700ms\" timeout=\"30000ms\")");
        }
        boolean permanentArp = h.flag("permanent_arp", true);
        List<HeartConfig.Heartbeat> beats = new ArrayList<>();
        Set<String> lans = new LinkedHashSet<>();
        for (XmlNode n : h.children("heartbeat")) {
            ElementReader b = new ElementReader(n, h.warnings());
            String lan = b.required("name");
            if (!lans.add(lan)) {
                throw b.error("name", "LAN '" + lan + "' has two heartbeats (expected one <heartbeat> per LAN)");
            }
            Duration bp = b.duration("pulse", MILLIS, pulse);
            Duration bt = b.duration("timeout", MILLIS, timeout);
            requirePositive(b, "pulse", bp);
            if (bt.compareTo(bp) <= 0) {
                throw b.error("timeout", "" + bt.toMillis() + "ms is not greater than pulse " + bp.toMillis()
                        + "ms (expected timeout > pulse)");
            }
            beats.add(new HeartConfig.Heartbeat(lan, b.string("ident", lan), bp, bt, n.location()));
            b.finish();
        }
        if (beats.isEmpty()) {
            throw h.error("has no <heartbeat> (expected at least one, e.g. <heartbeat name=\"default\"/>)");
        }
        if (beats.stream().filter(HeartConfig.Heartbeat::carriesReplication).count() > 1) {
            throw h.error("more than one <heartbeat ident=\"flow\"> (expected at most one replication network)");
        }
        h.finish();
        return new HeartConfig(port, pulse, timeout, permanentArp, beats);
    }

    private static void requirePositive(ElementReader r, String attribute, Duration d) {
        if (d.isZero()) {
            throw r.error(attribute, "is 0 (expected a positive duration)");
        }
    }

    private static UserConfig bindUser(ElementReader u, List<ConfigWarning> warnings) {
        Duration nice = u.duration("nicestoptimeout", SECONDS, UserConfig.DEFAULT_STOP_TIMEOUT);
        Duration force = u.duration("forcestoptimeout", SECONDS, UserConfig.DEFAULT_STOP_TIMEOUT);
        boolean userLog = u.choice("logging", "userlog", "userlog", "none").equals("userlog");
        long sizeKb = u.integer("userlogsize", 2048, 1, 1L << 30);
        SequencedMap<String, String> vars = new LinkedHashMap<>();
        for (XmlNode n : u.children("var")) {
            ElementReader v = new ElementReader(n, warnings);
            String name = v.required("name");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw v.error("name", "'" + name + "' is not a valid environment variable name (expected letters,"
                        + " digits and '_', not starting with a digit)");
            }
            if (vars.put(name, v.string("value", "")) != null) {
                throw v.error("name", "variable '" + name + "' is defined twice (expected unique names)");
            }
            v.finish();
        }
        u.finish();
        return new UserConfig(nice, force, userLog, sizeKb, vars);
    }

    private static FailoverConfig bindFailover(ElementReader f) {
        boolean extendsDefaults = f.flag("extends", true);
        Duration period = f.duration("period", MILLIS, FailoverConfig.DEFAULT_PERIOD);
        Duration handle = f.duration("handle_time", MILLIS, FailoverConfig.DEFAULT_HANDLE_TIME);
        requirePositive(f, "period", period);
        List<String> blocks = f.text().stream().map(String::strip).filter(b -> !b.isEmpty()).toList();
        f.finish();
        return new FailoverConfig(extendsDefaults, period, handle, blocks);
    }
}

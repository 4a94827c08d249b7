package org.duplex.config.module;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.MINUTES;
import static java.time.temporal.ChronoUnit.SECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.duplex.config.ConfigException;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Platform;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.XmlNode;

/**
 * Binds {@code <rfs>} and checks the replicated directories: absolute for the module's platform,
 * not a filesystem root, not nested in or equal to another, and every {@code notreplicated} or
 * {@code tocheck} path inside its directory.
 */
final class RfsBinder {
    private final Platform platform;
    private final List<ConfigWarning> warnings;

    RfsBinder(Platform platform, List<ConfigWarning> warnings) {
        this.platform = platform;
        this.warnings = warnings;
    }

    RfsConfig bind(ElementReader r) {
        RfsConfig.SyncMode mode = r.choice("async", "second", "second", "none").equals("none")
                ? RfsConfig.SyncMode.NONE : RfsConfig.SyncMode.SECOND;
        boolean acl = r.flag("acl", false);
        int nbrei = (int) r.integer("nbrei", 6, 1, 64);
        Duration io = positive(r, "iotimeout", r.duration("iotimeout", SECONDS, Duration.ofSeconds(300)));
        Duration lock = positive(r, "locktimeout", r.duration("locktimeout", SECONDS, Duration.ofSeconds(100)));
        Duration send = positive(r, "sendtimeout", r.duration("sendtimeout", SECONDS, Duration.ofSeconds(30)));
        Duration rei = positive(r, "reitimeout", r.duration("reitimeout", SECONDS, Duration.ofSeconds(150)));
        OptionalLong bandwidth = r.optional("reiallowedbw").isPresent()
                ? OptionalLong.of(r.integer("reiallowedbw", 0, 1, Long.MAX_VALUE)) : OptionalLong.empty();
        long packet = r.integer("reipacketsize", 8_388_608, 4096, 1L << 30);
        long zone = r.integer("ruzone_blocksize", 8_388_608, 4096, 1L << 34);
        if (zone % packet != 0) {
            throw r.error("ruzone_blocksize", "" + zone + " is not a multiple of reipacketsize " + packet
                    + " (expected a multiple, e.g. 8388608)");
        }
        int nsPolicy = (int) r.choice("namespacepolicy", "4", "0", "1", "3", "4").charAt(0) - '0';
        Duration checkTime = r.duration("checktime", MILLIS, Duration.ofMillis(220_000));
        Duration checkIntv = r.duration("checkintv", SECONDS, Duration.ofSeconds(120));
        boolean scripts = r.flag("scripts", false);
        Duration syncDelta = r.duration("syncdelta", MINUTES, Duration.ZERO);
        Optional<String> syncAt = r.optional("syncat");
        Optional<String> flow = r.child("flow").map(n -> {
            ElementReader f = new ElementReader(n, warnings);
            String lan = f.required("name");
            f.finish();
            return lan;
        });
        List<RfsConfig.ReplicatedDir> dirs = new ArrayList<>();
        for (XmlNode n : r.children("replicated")) {
            RfsConfig.ReplicatedDir dir = bindReplicated(new ElementReader(n, warnings));
            checkNotOverlapping(dir, dirs);
            dirs.add(dir);
        }
        if (dirs.isEmpty()) {
            throw r.error("has no <replicated> (expected at least one <replicated dir=\"...\"/>)");
        }
        r.finish();
        return new RfsConfig(mode, acl, nbrei, io, lock, send, rei, bandwidth, zone, packet, nsPolicy,
                checkTime, checkIntv, scripts, syncDelta, syncAt, flow, dirs);
    }

    private static Duration positive(ElementReader r, String attribute, Duration d) {
        if (d.isZero()) {
            throw r.error(attribute, "is 0 (expected a positive duration)");
        }
        return d;
    }

    private RfsConfig.ReplicatedDir bindReplicated(ElementReader d) {
        ConfigPaths.Result dir = ConfigPaths.normalizeAbsolute(d.required("dir"), platform);
        String path = dir.path().orElseThrow(() -> d.error("dir", dir.problem()));
        boolean readOnly = d.optional("mode").map(m -> {
            if (!m.equals("read_only")) {
                throw d.error("mode", "'" + m + "' is not a mode (expected read_only, or no mode attribute)");
            }
            return true;
        }).orElse(false);
        List<String> toCheck = new ArrayList<>();
        for (XmlNode n : d.children("tocheck")) {
            ElementReader t = new ElementReader(n, warnings);
            toCheck.add(relative(t, "path", t.required("path")));
            t.finish();
        }
        List<String> excluded = new ArrayList<>();
        List<String> regexes = new ArrayList<>();
        for (XmlNode n : d.children("notreplicated")) {
            ElementReader e = new ElementReader(n, warnings);
            Optional<String> p = e.optional("path");
            Optional<String> re = e.regex("regexpath");
            if (p.isPresent() == re.isPresent()) {
                throw e.error("needs exactly one of path or regexpath");
            }
            p.ifPresent(v -> excluded.add(relative(e, "path", v)));
            re.ifPresent(regexes::add);
            e.finish();
        }
        d.finish();
        return new RfsConfig.ReplicatedDir(path, readOnly, toCheck, excluded, regexes, d.node().location());
    }

    private String relative(ElementReader e, String attribute, String value) {
        ConfigPaths.Result r = ConfigPaths.normalizeRelative(value, platform);
        return r.path().orElseThrow(() -> e.error(attribute, r.problem()));
    }

    private void checkNotOverlapping(RfsConfig.ReplicatedDir dir, List<RfsConfig.ReplicatedDir> earlier) {
        for (RfsConfig.ReplicatedDir other : earlier) {
            String why = null;
            if (ConfigPaths.isSameOrBelow(dir.dir(), other.dir(), platform)
                    && ConfigPaths.isSameOrBelow(other.dir(), dir.dir(), platform)) {
                why = "is replicated twice";
            } else if (ConfigPaths.isSameOrBelow(dir.dir(), other.dir(), platform)) {
                why = "is inside replicated dir " + other.dir();
            } else if (ConfigPaths.isSameOrBelow(other.dir(), dir.dir(), platform)) {
                why = "contains replicated dir " + other.dir();
            }
            if (why != null) {
                throw new ConfigException(dir.location(), "<replicated> attribute 'dir': " + dir.dir() + " " + why
                        + " (line " + other.location().line() + "; expected directories that do not overlap)");
            }
        }
    }
}

package org.duplex.config.module;

import static java.time.temporal.ChronoUnit.SECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.duplex.config.ConfigWarning;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.XmlNode;

/** Binds {@code <check>}: tcp, ping, intf, ip, custom, splitbrain and module checkers (§2.8). */
final class CheckBinder {
    private CheckBinder() {}

    static List<Checker> bind(ElementReader check, List<ConfigWarning> warnings) {
        List<Checker> out = new ArrayList<>();
        Set<String> resources = new HashSet<>();
        for (Checker.Kind kind : Checker.Kind.values()) {
            for (XmlNode n : check.children(kind.name().toLowerCase(Locale.ROOT))) {
                Checker c = bindOne(kind, new ElementReader(n, warnings), warnings);
                if (!resources.add(c.resource())) {
                    throw new ElementReader(n, warnings).error("ident", "checker " + c.resource()
                            + " is defined twice (expected a unique ident per checker type)");
                }
                out.add(c);
            }
        }
        if (out.stream().filter(c -> c.kind() == Checker.Kind.SPLITBRAIN).count() > 1) {
            throw check.error("more than one <splitbrain> (expected at most one; list several witnesses in its arg)");
        }
        check.finish();
        return out;
    }

    private static Checker bindOne(Checker.Kind kind, ElementReader c, List<ConfigWarning> warnings) {
        String ident = switch (kind) {
            case MODULE -> c.optional("ident").orElseGet(() -> c.required("name"));
            case SPLITBRAIN -> c.string("ident", "splitbrain");
            default -> c.required("ident");
        };
        Checker.When when = Checker.When.valueOf(c.choice("when", defaultWhen(kind), "pre", "prim", "second", "both")
                .toUpperCase(Locale.ROOT));
        RecoveryAction action = action(c, defaultAction(kind, when));
        Optional<String> exec = Optional.empty();
        List<String> args = List.of();
        Optional<String> moduleName = Optional.empty();
        switch (kind) {
            case CUSTOM -> {
                exec = Optional.of(c.required("exec"));
                args = c.optional("arg").map(CheckBinder::words).orElse(List.of());
            }
            case SPLITBRAIN -> {
                exec = Optional.of(c.string("exec", "ping"));
                args = words(c.required("arg"));
            }
            case MODULE -> moduleName = Optional.of(c.required("name"));
            default -> { }
        }
        List<Checker.Target> targets = new ArrayList<>();
        for (XmlNode n : c.children("to")) {
            targets.add(bindTarget(kind, new ElementReader(n, warnings)));
        }
        boolean needsTarget = kind == Checker.Kind.TCP || kind == Checker.Kind.PING || kind == Checker.Kind.INTF
                || kind == Checker.Kind.IP || kind == Checker.Kind.MODULE;
        if (needsTarget && targets.isEmpty()) {
            throw c.error("has no <to .../> (expected what to check, e.g. <to addr=\"10.0.0.1\""
                    + (kind == Checker.Kind.TCP || kind == Checker.Kind.MODULE ? " port=\"80\"" : "") + "/>)");
        }
        c.finish();
        return new Checker(kind, ident, when, action, exec, args, moduleName, targets);
    }

    private static RecoveryAction action(ElementReader c, RecoveryAction defaultAction) {
        Optional<String> word = c.optional("action");
        if (word.isEmpty()) {
            return defaultAction;
        }
        return RecoveryAction.builtIn(word.get()).orElseThrow(() -> c.error("action", "'" + word.get()
                + "' is not an action (expected restart, stop, stopstart, wait or noaction)"));
    }

    private static Checker.Target bindTarget(Checker.Kind kind, ElementReader t) {
        Optional<String> addr;
        if (kind == Checker.Kind.INTF) {
            addr = Optional.of(t.address("local_addr"));
        } else {
            addr = Optional.of(t.address("addr"));
        }
        OptionalInt port = OptionalInt.empty();
        if (kind == Checker.Kind.TCP || kind == Checker.Kind.MODULE) {
            port = OptionalInt.of((int) t.integer("port", -1, 1, 65535));
            if (port.getAsInt() == -1) {
                throw t.error("port", "missing (it is required)");
            }
        }
        Duration interval = t.duration("interval", SECONDS, Checker.Target.DEFAULT_INTERVAL);
        Duration timeout = t.duration("timeout", SECONDS, Checker.Target.DEFAULT_TIMEOUT);
        if (interval.isZero()) {
            throw t.error("interval", "is 0 (expected a positive duration)");
        }
        t.finish();
        return new Checker.Target(addr, port, interval, timeout);
    }

    private static String defaultWhen(Checker.Kind kind) {
        return switch (kind) {
            case PING, INTF, SPLITBRAIN, MODULE -> "pre";
            default -> "prim";
        };
    }

    private static RecoveryAction defaultAction(Checker.Kind kind, Checker.When when) {
        return switch (kind) {
            case TCP -> when == Checker.When.PRE ? RecoveryAction.WAIT : RecoveryAction.RESTART;
            case PING, INTF, SPLITBRAIN, MODULE -> RecoveryAction.WAIT;
            case IP -> RecoveryAction.STOPSTART;
            case CUSTOM -> RecoveryAction.NOACTION;
        };
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}

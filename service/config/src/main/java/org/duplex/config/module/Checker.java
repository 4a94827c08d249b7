package org.duplex.config.module;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One checker of {@code <check>} (safekit-behaviour.md §2.8), also the ones SafeKit generates
 * from {@code <interface check="on">} and {@code <virtual_addr check="on">}.
 *
 * @param ident       resource id: the resource is {@code <kind>.<ident>}
 * @param exec        custom: program relative to SAFEUSERBIN; splitbrain: "ping"
 * @param args        custom arguments; splitbrain: the witness addresses
 * @param moduleName  module checker: the watched module
 */
public record Checker(Kind kind, String ident, When when, RecoveryAction action, Optional<String> exec,
                      List<String> args, Optional<String> moduleName, List<Target> targets) {

    public Checker {
        args = List.copyOf(args);
        targets = List.copyOf(targets);
    }

    public enum Kind { TCP, PING, INTF, IP, CUSTOM, SPLITBRAIN, MODULE }

    /** When the checker runs: pre (between prestart and poststop), prim, second, both. */
    public enum When { PRE, PRIM, SECOND, BOTH }

    /** {@code <to>}: what is checked and how often. */
    public record Target(Optional<String> address, OptionalInt port, Duration interval, Duration timeout) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    }

    /** The SafeKit resource name, e.g. {@code tcp.R1test}. */
    public String resource() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "." + ident;
    }
}

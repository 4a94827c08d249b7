package org.duplex.node.check;

import java.util.Locale;

/** A resource's value as SafeKit names it (safekit-behaviour.md §2.8, §2.9). */
public enum ResourceValue {
    /** No result yet: a {@code wait} rule on it keeps the module in WAIT. */
    INIT,
    UP,
    DOWN;

    /** The lower-case word SafeKit uses in rules, {@code safekit set -v} and the console. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

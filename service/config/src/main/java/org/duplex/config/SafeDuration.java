package org.duplex.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SafeKit time values (safekit-behaviour.md §2 "General rules"): a non-negative integer with an
 * optional unit {@code d h m s ms us}; without a unit the attribute's default unit applies
 * ({@code pulse="700"} is 700 ms, {@code loop_interval="24"} is 24 h).
 *
 * <p>Like SafeKit, a value is counted in whole default units: {@code 1500ms} for an attribute in
 * seconds is 1 s, and a non-zero value that is less than one default unit ({@code 500ms} for
 * {@code boot_delay}) is an error rather than a silent 0.
 */
public final class SafeDuration {
    private static final Pattern VALUE = Pattern.compile("(\\d{1,12})\\s*(d|h|m|s|ms|us)?");

    private SafeDuration() {}

    /**
     * Parses {@code text}; throws {@link IllegalArgumentException} whose message says what is
     * wrong and what is expected (the caller adds where).
     */
    public static Duration parse(String text, ChronoUnit defaultUnit) {
        String trimmed = text.trim();
        Matcher m = VALUE.matcher(trimmed);
        if (!m.matches()) {
            String why = trimmed.startsWith("-") ? "a negative duration" : "not a duration";
            throw new IllegalArgumentException("'" + text + "' is " + why + " (expected a non-negative integer"
                    + " with an optional unit d, h, m, s, ms or us; default unit " + symbol(defaultUnit) + ")");
        }
        long amount = Long.parseLong(m.group(1));
        ChronoUnit unit = m.group(2) == null ? defaultUnit : unitOf(m.group(2));
        Duration exact = Duration.of(amount, unit);
        Duration whole = exact.truncatedTo(defaultUnit);
        if (amount > 0 && whole.isZero()) {
            throw new IllegalArgumentException("'" + text + "' rounds to 0 in this attribute's unit (expected time unit: '"
                    + symbol(defaultUnit) + "')");
        }
        return whole;
    }

    /** SafeKit's symbol for a unit, as used in values and error messages. */
    public static String symbol(ChronoUnit unit) {
        return switch (unit) {
            case DAYS -> "d";
            case HOURS -> "h";
            case MINUTES -> "m";
            case SECONDS -> "s";
            case MILLIS -> "ms";
            case MICROS -> "us";
            default -> throw new IllegalArgumentException("no SafeKit symbol for " + unit);
        };
    }

    private static ChronoUnit unitOf(String symbol) {
        return switch (symbol) {
            case "d" -> ChronoUnit.DAYS;
            case "h" -> ChronoUnit.HOURS;
            case "m" -> ChronoUnit.MINUTES;
            case "s" -> ChronoUnit.SECONDS;
            case "ms" -> ChronoUnit.MILLIS;
            case "us" -> ChronoUnit.MICROS;
            default -> throw new IllegalStateException("pattern admitted unit " + symbol);
        };
    }
}

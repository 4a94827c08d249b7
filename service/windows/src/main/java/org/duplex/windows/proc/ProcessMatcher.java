package org.duplex.windows.proc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.duplex.common.UserError;

/**
 * SafeKit's process selection on Windows ({@code <proc name= argregex=>}, {@code safekit kill
 * -name= -argregex=}): the name is compared lower-cased with the image name, with or without
 * {@code .exe} (SafeKit modules write {@code postgres} as often as {@code postgres.exe}), and the
 * optional {@code argregex} is a case-insensitive regular expression searched in the whole command
 * line. SafeKit documents POSIX ERE; Java's syntax is a superset for the expressions modules use
 * (no POSIX classes such as {@code [[:digit:]]} are supported, and such a pattern is rejected by
 * name rather than silently matching nothing).
 */
public final class ProcessMatcher {
    /** SafeKit's limit on Windows (UG §13.10). */
    public static final int MAX_NAME_LENGTH = 63;

    private final String name;
    private final Optional<Pattern> argRegex;

    private ProcessMatcher(String name, Optional<Pattern> argRegex) {
        this.name = name;
        this.argRegex = argRegex;
    }

    /**
     * @param where for error messages, e.g. {@code "userconfig.xml <proc name=\"postgres\">"}
     * @throws UserError on an empty or too long name, or an invalid regular expression
     */
    public static ProcessMatcher of(String name, String argRegex, String where) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new UserError(UserError.Kind.INVALID_INPUT, where + ": process name '" + name
                    + "' must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        Optional<Pattern> regex = Optional.empty();
        if (argRegex != null && !argRegex.isEmpty()) {
            if (argRegex.contains("[[:")) {
                throw new UserError(UserError.Kind.INVALID_INPUT, where + ": argregex '" + argRegex
                        + "' uses a POSIX class like [[:digit:]], which Duplex does not support; write [0-9] instead");
            }
            try {
                regex = Optional.of(Pattern.compile(argRegex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new UserError(UserError.Kind.INVALID_INPUT, where + ": argregex '" + argRegex
                        + "' is not a valid regular expression: " + e.getDescription() + " at index " + e.getIndex());
            }
        }
        return new ProcessMatcher(name.toLowerCase(Locale.ROOT), regex);
    }

    /** True when the process matches; a process whose command line cannot be read never matches an argregex. */
    public boolean matches(ProcessInfo p) {
        String image = p.imageName().toLowerCase(Locale.ROOT);
        String stem = image.endsWith(".exe") ? image.substring(0, image.length() - 4) : image;
        if (!name.equals(image) && !name.equals(stem)) {
            return false;
        }
        return argRegex.map(r -> p.commandLine().map(c -> r.matcher(c).find()).orElse(false)).orElse(true);
    }
}

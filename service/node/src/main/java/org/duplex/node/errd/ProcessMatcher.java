package org.duplex.node.errd;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.duplex.common.UserError;

/**
 * Which processes a {@code <proc>} (or {@code safekit kill}) means. Pure.
 *
 * <ul>
 *   <li>Without {@code nameregex}, the process name must equal {@code name} cut to 15 characters
 *       (the Linux kernel keeps only that much of the name).
 *   <li>With {@code nameregex}, the process name must contain a match of it ({@code name} is then
 *       only the resource's name), as POSIX {@code regexec} does.
 *   <li>With {@code argregex}, the whole command line must also contain a match.
 * </ul>
 */
public record ProcessMatcher(String name, Optional<Pattern> nameRegex, Optional<Pattern> argRegex) {
    /** The Linux kernel's limit on a process name ({@code TASK_COMM_LEN} - 1). */
    public static final int LINUX_NAME_CHARS_MAX = 15;

    /** Builds a matcher, turning a bad regex into an error that names the attribute and the value. */
    public static ProcessMatcher of(String name, Optional<String> nameRegex, Optional<String> argRegex) {
        if (name.isBlank()) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "process name must not be empty");
        }
        return new ProcessMatcher(name, nameRegex.map(r -> compile("nameregex", r)),
                argRegex.map(r -> compile("argregex", r)));
    }

    private static Pattern compile(String attribute, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    attribute + " '" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    public boolean matches(ProcessInfo process) {
        boolean nameMatches = nameRegex
                .map(regex -> regex.matcher(process.name()).find())
                .orElseGet(() -> process.name().equals(kernelName(name)));
        return nameMatches && argRegex.map(regex -> regex.matcher(process.commandLine()).find()).orElse(true);
    }

    /** {@code name} as the kernel would store it. */
    static String kernelName(String name) {
        return name.length() > LINUX_NAME_CHARS_MAX ? name.substring(0, LINUX_NAME_CHARS_MAX) : name;
    }

    @Override
    public String toString() {
        return "name=" + name + nameRegex.map(r -> " nameregex=" + r).orElse("")
                + argRegex.map(r -> " argregex=" + r).orElse("");
    }
}

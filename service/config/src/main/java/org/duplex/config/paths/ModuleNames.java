package org.duplex.config.paths;

import java.util.regex.Pattern;

/**
 * Module names: they become directory names, environment values and parts of log file names, so
 * they are restricted to a letter followed by letters, digits and '_' (as SafeKit's shipped
 * modules: {@code mirror}, {@code hanwha_ssm}), at most 32 characters.
 */
public final class ModuleNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    private ModuleNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String problem(String name) {
        return "invalid module name '" + name + "' (expected a letter followed by up to 31 letters, digits or '_',"
                + " e.g. hanwha_ssm)";
    }
}

package org.duplex.config.xml;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SafeKit's {@code %NAME%} substitution: a {@code <macro name value>} of the file wins over an
 * environment variable of the same name (safekit-behaviour.md §2). A {@code %NAME%} that is
 * neither stays as written and is reported, so the user sees it instead of a surprising value.
 */
public final class Macros {
    private static final Pattern REFERENCE = Pattern.compile("%([A-Za-z_][A-Za-z0-9_]*)%");

    private final Map<String, String> macros;
    private final Map<String, String> environment;

    public Macros(Map<String, String> macros, Map<String, String> environment) {
        this.macros = Map.copyOf(macros);
        this.environment = Map.copyOf(environment);
    }

    /** Expands every reference in {@code text}; {@code unresolved} receives each name left as is. */
    public String expand(String text, Consumer<String> unresolved) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = macros.containsKey(name) ? macros.get(name) : environment.get(name);
            if (value == null) {
                unresolved.accept(name);
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names referenced as {@code %NAME%} in {@code text}. */
    public static List<String> references(String text) {
        return REFERENCE.matcher(text).results().map(r -> r.group(1)).toList();
    }
}

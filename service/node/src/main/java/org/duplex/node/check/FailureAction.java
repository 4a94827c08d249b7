package org.duplex.node.check;

import java.util.Locale;
import java.util.Optional;
import org.duplex.common.Check;

/**
 * What the configuration asks for when a resource goes down. The drivers only carry it to the
 * owner; applying it (and counting maxloop) is the engine's job.
 *
 * @param kind SafeKit's action word
 * @param customHandler for {@link Kind#CUSTOM} (errd {@code action="<handler executable>"}) the
 *     handler to run; empty otherwise
 */
public record FailureAction(Kind kind, Optional<String> customHandler) {
    /** SafeKit's action words. */
    public enum Kind { RESTART, STOPSTART, STOP, WAIT, NOACTION, CUSTOM }

    public FailureAction {
        Check.argument((kind == Kind.CUSTOM) == customHandler.isPresent(),
                "a custom handler goes with kind CUSTOM only: %s %s", kind, customHandler);
    }

    public static FailureAction of(Kind kind) {
        return new FailureAction(kind, Optional.empty());
    }

    /** Reads an {@code action} attribute: one of the words, anything else is a handler path. */
    public static FailureAction parse(String word) {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.CUSTOM && kind.name().toLowerCase(Locale.ROOT).equals(word)) {
                return of(kind);
            }
        }
        Check.argument(!word.isBlank(), "empty action");
        return new FailureAction(Kind.CUSTOM, Optional.of(word));
    }

    @Override
    public String toString() {
        return customHandler.orElse(kind.name().toLowerCase(Locale.ROOT));
    }
}

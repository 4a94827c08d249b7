package org.duplex.config;

import java.util.List;

/** A successfully parsed config and the warnings the user should see about it. */
public record Parsed<T>(T config, List<ConfigWarning> warnings) {
    public Parsed {
        warnings = List.copyOf(warnings);
    }
}

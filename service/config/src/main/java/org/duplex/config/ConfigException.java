package org.duplex.config;

import org.duplex.common.UserError;

/**
 * An invalid configuration. The message names the file, line and column, the element or
 * attribute, and what was expected, so the user can fix it without reading code.
 */
public final class ConfigException extends UserError {
    private static final long serialVersionUID = 1L;

    private final transient ConfigLocation location;

    public ConfigException(ConfigLocation location, String problem) {
        super(Kind.INVALID_INPUT, location + ": " + problem);
        this.location = location;
    }

    public ConfigException(ConfigLocation location, String problem, Throwable cause) {
        super(Kind.INVALID_INPUT, location + ": " + problem, cause);
        this.location = location;
    }

    public ConfigLocation location() {
        return location;
    }
}

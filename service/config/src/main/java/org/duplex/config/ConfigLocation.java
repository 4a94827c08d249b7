package org.duplex.config;

/** Where something is in a config file: the file as the user named it, a 1-based line and column. */
public record ConfigLocation(String file, int line, int column) {

    /** For values that do not come from a file (defaults, command-line arguments). */
    public static ConfigLocation of(String file) {
        return new ConfigLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}

package org.duplex.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The console's files packaged under {@code org/duplex/console/static/}. */
final class Resources {
    private Resources() {}

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/org/duplex/console/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.duplex.console.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** {@link ConsoleFixture} for tests in other packages (the browser tests). */
public final class ConsoleTestServer implements AutoCloseable {
    public static final String PASSWORD = ConsoleFixture.PASSWORD;
    private final ConsoleFixture fixture;

    public ConsoleTestServer(Path root) throws IOException {
        fixture = new ConsoleFixture(root, Clock.systemUTC());
    }

    public URI base() {
        return fixture.base;
    }

    public List<String> commands() {
        return List.copyOf(fixture.api.commands);
    }

    public void appendModuleLog(String line) throws IOException {
        fixture.appendModuleLog(line);
    }

    @Override
    public void close() {
        fixture.close();
    }
}

package org.duplex.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.duplex.common.UserError;
import org.duplex.console.users.ConsoleUser;
import org.duplex.console.users.PasswordHasher;
import org.duplex.console.users.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code duplex console adduser|users}: the web console's accounts, kept in
 * {@code SAFEVAR/private/console-users.json}. The password is read from the terminal without echo,
 * or as the first line of stdin when there is no terminal (scripts); never from the command line,
 * where {@code ps} would show it.
 */
@Command(name = "console", mixinStandardHelpOptions = true, description = "Manage the web console's users.")
public final class ConsoleCommand implements UsesEnvironment {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());
    /** Where the password comes from when there is no terminal; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    @Command(name = "adduser", description = {
        "Add console user NAME, or change its role and password.",
        "Roles: Monitor (read only), Control (also runs module commands), Admin (also installs modules)."})
    int adduser(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--role", required = true, paramLabel = "ROLE",
                        description = "Admin, Control or Monitor.") String role) throws IOException {
        var accessRole = UserStore.parseRole(role, "--role");
        char[] password = readPassword(name);
        try {
            store().put(name, accessRole, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        spec.commandLine().getOut().printf("Console user %s saved with role %s%n", name, UserStore.roleName(accessRole));
        return ExitCodes.OK;
    }

    @Command(name = "users", description = "List console users and their roles.")
    int users() {
        for (ConsoleUser u : store().list()) {
            spec.commandLine().getOut().printf("%s %s%n", u.name(), UserStore.roleName(u.role()));
        }
        return ExitCodes.OK;
    }

    private UserStore store() {
        return new UserStore(UserStore.fileIn(context.paths().safeVar()), new PasswordHasher(new SecureRandom()));
    }

    private char[] readPassword(String name) throws IOException {
        Console console = System.console();
        if (console != null && stdin == System.in) {
            char[] first = console.readPassword("Password for %s: ", name);
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "the two passwords differ (or input ended); nothing saved");
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "no password on stdin for console user " + name);
        }
        return line.toCharArray();
    }
}

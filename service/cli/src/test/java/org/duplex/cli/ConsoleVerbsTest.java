package org.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duplex console adduser|users}: the password comes from stdin when there is no terminal. */
class ConsoleVerbsTest {
    @TempDir Path tmp;
    private final InputStream realIn = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(realIn);
    }

    private int run(CliRunner cli, String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return cli.run(args);
    }

    @Test
    void adduserStoresAHashedPasswordOnlyRootReadsAndUsersListsRoles() throws Exception {
        CliRunner cli = new CliRunner(tmp);
        assertThat(run(cli, "s3cret-password\n", "console", "adduser", "alice", "--role", "control")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Console user alice saved with role Control");
        assertThat(run(cli, "another-password\n", "console", "adduser", "bob", "--role", "Monitor")).isZero();

        assertThat(cli.run("console", "users")).isZero();
        assertThat(cli.out()).contains("alice Control", "bob Monitor");
        Path file = tmp.resolve("var/private/console-users.json");
        String stored = Files.readString(file);
        assertThat(stored).contains("pbkdf2-sha256$310000$").doesNotContain("s3cret-password");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void unknownRoleAndShortPasswordAreRefusedWithTheReason() {
        CliRunner cli = new CliRunner(tmp);
        assertThat(run(cli, "s3cret-password\n", "console", "adduser", "alice", "--role", "root")).isNotZero();
        assertThat(cli.err()).contains("--role: role 'root' is not one of Admin, Control, Monitor");
        assertThat(run(cli, "short\n", "console", "adduser", "alice", "--role", "admin")).isNotZero();
        assertThat(cli.err()).contains("too short");
        assertThat(run(cli, "", "console", "adduser", "alice", "--role", "admin")).isNotZero();
        assertThat(cli.err()).contains("no password on stdin");
        assertThat(Files.exists(tmp.resolve("var/private/console-users.json"))).isFalse();
    }
}

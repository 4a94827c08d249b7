package org.duplex.console.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.duplex.common.UserError;
import org.duplex.node.control.AccessRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
    @TempDir Path dir;
    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

    @Test
    void hashesAreSaltedPbkdf2WithAtLeast310000IterationsAndVerify() {
        String a = hasher.hash("same password".toCharArray());
        String b = hasher.hash("same password".toCharArray());
        assertThat(a).startsWith("pbkdf2-sha256$310000$").isNotEqualTo(b);
        assertThat(hasher.verify("same password".toCharArray(), a)).isTrue();
        assertThat(hasher.verify("same passworD".toCharArray(), a)).isFalse();
        // A hash with a weaker work factor (an edited file) is not accepted.
        assertThat(hasher.verify("same password".toCharArray(), a.replace("$310000$", "$1000$"))).isFalse();
        assertThat(hasher.verify("x".toCharArray(), "garbage")).isFalse();
    }

    @Test
    void authenticatesByNameAndPasswordAndReplacesAUsersRole() {
        UserStore store = new UserStore(dir.resolve("users.json"), hasher);
        store.put("alice", AccessRole.MONITOR, "first password".toCharArray());
        store.put("alice", AccessRole.ADMIN, "second password".toCharArray());

        assertThat(store.list()).hasSize(1);
        assertThat(store.authenticate("alice", "second password".toCharArray())).hasValueSatisfying(
                u -> assertThat(u.role()).isEqualTo(AccessRole.ADMIN));
        assertThat(store.authenticate("alice", "first password".toCharArray())).isEmpty();
        assertThat(store.authenticate("bob", "second password".toCharArray())).isEmpty();
    }

    @Test
    void badNamesAndADamagedFileAreReportedWithTheirPlace() throws Exception {
        Path file = dir.resolve("users.json");
        UserStore store = new UserStore(file, hasher);
        assertThatThrownBy(() -> store.put("bad name!", AccessRole.ADMIN, "long enough".toCharArray()))
                .isInstanceOf(UserError.class).hasMessageContaining("user name 'bad name!' is invalid");

        Files.writeString(file, "{\"users\":[{\"name\":\"x\",\"role\":\"Root\",\"password\":\"p\"}]}");
        assertThatThrownBy(store::list).hasMessageContaining("entry 0 of " + file).hasMessageContaining("role 'Root'");
        Files.writeString(file, "{not json");
        assertThatThrownBy(store::list).hasMessageContaining(file + " is damaged (not JSON");
        // The damaged file is kept for the administrator to repair, not overwritten.
        assertThatThrownBy(() -> store.put("alice", AccessRole.ADMIN, "long enough".toCharArray())).isInstanceOf(UserError.class);
        assertThat(Files.readString(file)).isEqualTo("{not json");
    }
}

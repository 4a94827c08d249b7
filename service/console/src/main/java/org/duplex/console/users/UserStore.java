package org.duplex.console.users;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.duplex.common.AtomicFiles;
import org.duplex.common.UserError;
import org.duplex.node.control.AccessRole;

/**
 * The console's accounts, in one JSON file only root reads ({@code SAFEVAR/private/console-users.json}):
 * {@code {"users":[{"name":..,"role":"Admin|Control|Monitor","password":"pbkdf2-sha256$..."}]}}.
 * Every change rewrites the file atomically; a damaged file is reported with its path, never
 * silently replaced (that would drop every account).
 */
public final class UserStore {
    public static final String FILE_NAME = "console-users.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Path file;
    private final PasswordHasher hasher;
    private final ObjectMapper json = new ObjectMapper();

    public UserStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
    }

    /** The store of an installation: {@code SAFEVAR/private/console-users.json}. */
    public static Path fileIn(Path safeVar) {
        return safeVar.resolve("private").resolve(FILE_NAME);
    }

    /** Adds NAME or replaces its role and password. */
    public synchronized void put(String name, AccessRole role, char[] password) {
        if (!NAME.matcher(name).matches()) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "user name '" + name + "' is invalid: use 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (password.length < 8) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "the password of '" + name + "' is too short: at least 8 characters");
        }
        List<ConsoleUser> users = new ArrayList<>(list());
        users.removeIf(u -> u.name().equals(name));
        users.add(new ConsoleUser(name, role, hasher.hash(password)));
        write(users);
    }

    public synchronized List<ConsoleUser> list() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot read the console users " + file + ": " + e);
        }
        List<ConsoleUser> users = new ArrayList<>();
        try {
            JsonNode array = json.readTree(bytes).path("users");
            if (!array.isArray()) {
                throw damaged("no \"users\" array");
            }
            int i = 0;
            for (JsonNode u : array) {
                String name = u.path("name").asText("");
                String hash = u.path("password").asText("");
                if (name.isEmpty() || hash.isEmpty()) {
                    throw damaged("entry " + i + " has no name or password");
                }
                users.add(new ConsoleUser(name, parseRole(u.path("role").asText(""), "entry " + i + " of " + file), hash));
                i++;
            }
        } catch (JacksonException e) {
            throw damaged("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot read the console users " + file + ": " + e);
        }
        return users;
    }

    /** The user when NAME exists and PASSWORD matches; the work factor is paid either way. */
    public Optional<ConsoleUser> authenticate(String name, char[] password) {
        Optional<ConsoleUser> user = list().stream().filter(u -> u.name().equals(name)).findFirst();
        // Hash even for an unknown name, so response time does not tell which names exist.
        String hash = user.map(ConsoleUser::passwordHash).orElse(DUMMY_HASH);
        boolean ok = hasher.verify(password, hash);
        return ok ? user : Optional.empty();
    }

    private static final String DUMMY_HASH =
            "pbkdf2-sha256$310000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    /** SafeKit's role names (Admin, Control, Monitor), any case. */
    public static AccessRole parseRole(String text, String where) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "admin" -> AccessRole.ADMIN;
            case "control" -> AccessRole.CONTROL;
            case "monitor" -> AccessRole.MONITOR;
            default -> throw new UserError(UserError.Kind.INVALID_INPUT,
                    where + ": role '" + text + "' is not one of Admin, Control, Monitor");
        };
    }

    public static String roleName(AccessRole role) {
        String n = role.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private void write(List<ConsoleUser> users) {
        ObjectNode root = json.createObjectNode();
        ArrayNode array = root.putArray("users");
        users.stream().sorted(java.util.Comparator.comparing(ConsoleUser::name)).forEach(u -> array.addObject()
                .put("name", u.name()).put("role", roleName(u.role())).put("password", u.passwordHash()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot write the console users " + file + ": " + e);
        }
    }

    private UserError damaged(String why) {
        return new UserError(UserError.Kind.FAILED, "the console users file " + file + " is damaged (" + why
                + "); fix or remove it, then add the users again with 'duplex console adduser'");
    }
}

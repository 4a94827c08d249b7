package org.duplex.node.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.duplex.common.AtomicFiles;
import org.duplex.common.UserError;

/**
 * The secret that local administrators present to the daemon's control API: a random token in a
 * file only root can read. The daemon writes a fresh one at each start, so a stolen token dies with
 * the daemon; the CLI reads it to prove it runs with the file's owner's rights.
 */
public final class ControlToken {
    private static final int TOKEN_BYTES = 32;

    private final String value;

    private ControlToken(String value) {
        this.value = value;
    }

    /** Where the daemon keeps its token, and where the CLI reads it. */
    public static Path file(org.duplex.config.paths.DuplexPaths paths) {
        return paths.privateVar().resolve("control.token");
    }

    /** Creates a new random token and stores it at {@code file} with mode 0600. */
    public static ControlToken create(Path file) throws IOException {
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, value.getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new ControlToken(value);
    }

    /** Reads the token the daemon wrote; a clear error when it is missing or unreadable. */
    public static ControlToken read(Path file) {
        try {
            return new ControlToken(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE,
                    "the daemon is not running on this node (no control token at " + file
                            + "); start it with 'duplex daemon' or 'systemctl start duplex'");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserError(UserError.Kind.REFUSED,
                    "permission denied reading " + file + ": run this command as root");
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot read the control token " + file + ": " + e);
        }
    }

    public String value() {
        return value;
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}

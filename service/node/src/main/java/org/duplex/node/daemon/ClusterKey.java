package org.duplex.node.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.duplex.common.AtomicFiles;
import org.duplex.common.UserError;

/**
 * The secret both nodes share to authenticate heartbeats (HMAC-SHA256): 32 random bytes, hex, in
 * {@code SAFEVAR/cluster/cluster.key}, readable by root only. SafeKit's {@code cluster genkey}.
 */
public final class ClusterKey {
    static final int KEY_BYTES = 32;

    private ClusterKey() {}

    public static Path file(Path safeVar) {
        return safeVar.resolve("cluster").resolve("cluster.key");
    }

    /** Creates a new key; refuses to overwrite one (that would cut the node off its peer). */
    public static void generate(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new UserError(UserError.Kind.REFUSED, "a cluster key already exists at " + file
                    + "; delete it first if you really want a new one (then copy it to the other node)");
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        AtomicFiles.write(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    public static byte[] read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new UserError(UserError.Kind.NOT_FOUND, "no cluster key at " + file + ": run 'duplex cluster genkey'"
                    + " on one node and copy the file to the same place on the other node");
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot read the cluster key " + file + ": " + e);
        }
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length < 16) {
                throw new IllegalArgumentException("too short");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "the cluster key " + file
                    + " is not at least 16 bytes of hex (" + e.getMessage() + ")");
        }
    }
}

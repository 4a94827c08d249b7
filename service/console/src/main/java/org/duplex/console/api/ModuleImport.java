package org.duplex.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.duplex.common.UserError;
import org.duplex.config.store.ModuleStore;
import org.duplex.node.control.ControlApi;

/**
 * Module install (a {@code .safe} upload) and uninstall from the console, with the CLI's checks
 * ({@link ModuleStore} does them all) plus one of its own: a module that runs on this node (not
 * STOP) is neither replaced nor removed, so an upload cannot pull files from under running scripts.
 * A newly installed module is run by the daemon from its next start.
 */
public final class ModuleImport {
    /** Upper bound of an uploaded archive; SafeKit modules are scripts and XML, a few MB at most. */
    public static final long MAX_ARCHIVE_BYTES = 64L * 1024 * 1024;

    private final ModuleStore store;
    private final ControlApi api;
    private final Path tmpDir;
    private final long maxArchiveBytes;

    public ModuleImport(ModuleStore store, ControlApi api, Path tmpDir) {
        this(store, api, tmpDir, MAX_ARCHIVE_BYTES);
    }

    /** With another upper bound for uploads (tests use a small one). */
    public ModuleImport(ModuleStore store, ControlApi api, Path tmpDir, long maxArchiveBytes) {
        this.store = store;
        this.api = api;
        this.tmpDir = tmpDir;
        this.maxArchiveBytes = maxArchiveBytes;
    }

    public ModuleStore.InstallResult install(String name, long declaredLength, InputStream body) throws IOException {
        if (declaredLength > maxArchiveBytes) {
            throw tooLarge(name);
        }
        refuseIfRunning(name, "replace");
        Files.createDirectories(tmpDir);
        Path archive = Files.createTempFile(tmpDir, "upload-", ".safe");
        try {
            copyBounded(body, archive, name);
            if (Files.size(archive) == 0) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "the upload for module '" + name + "' is empty: send the .safe file as the request body");
            }
            return store.install(name, archive, OptionalInt.empty());
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    public void uninstall(String name) {
        refuseIfRunning(name, "uninstall");
        store.uninstall(name);
    }

    private void refuseIfRunning(String name, String what) {
        String state;
        try {
            state = api.module(name).state();
        } catch (UserError e) {
            if (e.kind() == UserError.Kind.NOT_FOUND) {
                return;
            }
            throw e;
        }
        if (!state.equals("STOP")) {
            throw new UserError(UserError.Kind.REFUSED, "cannot " + what + " module '" + name + "': it is " + state
                    + " on this node; stop it first");
        }
    }

    private void copyBounded(InputStream in, Path target, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxArchiveBytes) {
                    throw tooLarge(name);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private UserError tooLarge(String name) {
        return new UserError(UserError.Kind.INVALID_INPUT, "the archive for module '" + name + "' is larger than "
                + maxArchiveBytes + " bytes");
    }
}

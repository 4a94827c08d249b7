package org.duplex.fs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Loads {@code libduplexfs.so} (the FUSE filter and the {@link NativeFs} syscalls) once per JVM.
 *
 * <p>Where it looks, first hit wins: the system property {@code duplex.fs.library} (an explicit
 * file); a {@code libduplexfs.so} beside the {@code duplex-fs} jar (or class directory); the copy
 * packed in the jar under {@code native/linux-<os.arch>/}, extracted to a fresh private temporary
 * directory (deleted at exit). A failure names the file tried and the reason.
 */
final class NativeLibrary {
    static final String FILE_NAME = "libduplexfs.so";
    private static boolean loaded;

    private NativeLibrary() {}

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Path file = locate();
        try {
            System.load(file.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new UnsatisfiedLinkError("cannot load the Duplex native library " + file + ": " + e.getMessage());
        }
        loaded = true;
    }

    private static Path locate() {
        String explicit = System.getProperty("duplex.fs.library");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isReadable(p)) {
                throw new UnsatisfiedLinkError("duplex.fs.library names " + p + ", which does not exist or is not readable");
            }
            return p;
        }
        Path beside = besideCode();
        if (beside != null && Files.isReadable(beside)) {
            return beside;
        }
        return extractFromJar();
    }

    private static Path besideCode() {
        try {
            var source = NativeLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path code = Path.of(source.getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            return dir == null ? null : dir.resolve(FILE_NAME);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Where the build packs the library: {@code native/linux-<os.arch>/} (e.g. linux-amd64). */
    static String resourceName() {
        return "native/linux-" + System.getProperty("os.arch").toLowerCase(Locale.ROOT) + "/" + FILE_NAME;
    }

    private static Path extractFromJar() {
        String resource = resourceName();
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("the Duplex native library is missing: no " + FILE_NAME
                        + " beside the duplex-fs jar, no resource " + resource + " inside it, and no"
                        + " -Dduplex.fs.library=FILE (is this platform, " + System.getProperty("os.arch") + ", built?)");
            }
            Path dir = Files.createTempDirectory("duplex-native-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(FILE_NAME);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UnsatisfiedLinkError("cannot extract " + resource + " to a temporary directory: " + e);
        }
    }
}

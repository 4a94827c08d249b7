package org.duplex.config.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.duplex.common.UserError;

/**
 * Unpacks a {@code .safe} archive (a zip, safekit-behaviour.md §2.12) into an empty directory,
 * refusing anything that could write outside it or exhaust the disk: absolute names, '..',
 * backslashes, symlink entries, duplicate names, and more entries or bytes than
 * {@link ArchiveLimits} allow (counted on the bytes actually inflated, not the declared sizes).
 *
 * <p>Kept: {@code conf/**} and {@code bin/**}. Ignored with a warning: SafeKit's obsolete
 * {@code web/}, {@code manifest.xml}, {@code conf/userconfig.xml.template}, and anything else.
 * Unix modes stored in the zip are applied (without setuid/setgid/sticky); when the zip has no
 * unix modes (made on Windows), {@code bin/*} becomes executable.
 */
final class SafeArchiveReader {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

    private final ArchiveLimits limits;

    SafeArchiveReader(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** Extracts {@code archive} into {@code target} (existing, empty); returns the warnings. */
    List<String> extract(Path archive, Path target) {
        List<String> warnings = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            if (entries.size() > limits.maxEntries()) {
                throw invalid(archive, "has " + entries.size() + " entries (at most " + limits.maxEntries() + " allowed)");
            }
            boolean anyUnixMode = entries.stream().anyMatch(e -> e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX
                    && e.getUnixMode() != 0);
            Set<String> seen = new HashSet<>();
            long total = 0;
            for (ZipArchiveEntry entry : entries) {
                String name = checkedName(archive, entry);
                if (!seen.add(name)) {
                    throw invalid(archive, "contains entry '" + name + "' twice");
                }
                if (entry.isUnixSymlink()) {
                    throw invalid(archive, "entry '" + name + "' is a symbolic link (links could point outside the module)");
                }
                String ignored = ignoredReason(name);
                if (ignored != null) {
                    if (!entry.isDirectory()) {
                        warnings.add(archive.getFileName() + ": entry '" + name + "' ignored (" + ignored + ")");
                    }
                    continue;
                }
                Path out = target.resolve(name).normalize();
                if (!out.startsWith(target)) {
                    throw invalid(archive, "entry '" + name + "' escapes the module directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream os = Files.newOutputStream(out)) {
                    total += copyBounded(archive, name, in, os, limits.maxTotalBytes() - total);
                }
                applyMode(out, name, entry, anyUnixMode);
            }
        } catch (UserError e) {
            throw e;
        } catch (IOException e) {
            throw invalid(archive, "is not a readable zip archive: " + e.getMessage());
        }
        if (!Files.isRegularFile(target.resolve("conf/userconfig.xml"))) {
            throw invalid(archive, "has no conf/userconfig.xml (every module needs one)");
        }
        return warnings;
    }

    private String checkedName(Path archive, ZipArchiveEntry entry) {
        String name = entry.getName();
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw invalid(archive, "entry '" + name + "' has an absolute or non-portable name");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw invalid(archive, "entry '" + name + "' escapes the module directory ('..')");
            }
        }
        String clean = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return clean.replaceAll("/+", "/");
    }

    /** Why an entry is not unpacked, or null when it is kept. */
    private static String ignoredReason(String name) {
        if (name.equals("web") || name.startsWith("web/")) {
            return "obsolete SafeKit web/ page";
        }
        if (name.equals("manifest.xml")) {
            return "obsolete SafeKit manifest";
        }
        if (name.equals("conf/userconfig.xml.template")) {
            return "obsolete template for pre-8 SafeKit consoles";
        }
        if (name.equals("conf") || name.startsWith("conf/") || name.equals("bin") || name.startsWith("bin/")) {
            return null;
        }
        return "not under conf/ or bin/";
    }

    private long copyBounded(Path archive, String name, InputStream in, OutputStream out, long totalLeft) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long copied = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            copied += n;
            if (copied > limits.maxEntryBytes()) {
                throw invalid(archive, "entry '" + name + "' unpacks to more than " + limits.maxEntryBytes() + " bytes");
            }
            if (copied > totalLeft) {
                throw invalid(archive, "unpacks to more than " + limits.maxTotalBytes() + " bytes in total");
            }
            out.write(buf, 0, n);
        }
        return copied;
    }

    private static void applyMode(Path file, String name, ZipArchiveEntry entry, boolean anyUnixMode) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> perms;
        if (anyUnixMode) {
            perms = fromMode(entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & 0777 : 0644);
            perms.add(PosixFilePermission.OWNER_READ);
            perms.add(PosixFilePermission.OWNER_WRITE);
        } else {
            perms = name.startsWith("bin/") ? EXECUTABLE : REGULAR;
        }
        Files.setPosixFilePermissions(file, perms);
    }

    static Set<PosixFilePermission> fromMode(int mode) {
        Set<PosixFilePermission> perms = new HashSet<>();
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(order[i]);
            }
        }
        return perms;
    }

    static int toMode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static UserError invalid(Path archive, String problem) {
        return new UserError(UserError.Kind.INVALID_INPUT, "module archive " + archive + " " + problem
                + "; nothing was installed");
    }
}

package org.duplex.config.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.duplex.common.AtomicFiles;

/**
 * Packs a module directory into a {@code .safe} zip: {@code conf/**} and {@code bin/**} with
 * their unix modes, in name order so the same module gives the same archive.
 */
final class SafeArchiveWriter {
    private SafeArchiveWriter() {}

    static void write(Path moduleDir, Path out) throws IOException {
        Path dir = out.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(temp);
                 ZipArchiveOutputStream zip = new ZipArchiveOutputStream(os)) {
                for (Path file : filesToPack(moduleDir)) {
                    String name = moduleDir.relativize(file).toString().replace('\\', '/');
                    ZipArchiveEntry entry = new ZipArchiveEntry(name);
                    entry.setUnixMode(0100000 | modeOf(file));
                    entry.setTime(Files.getLastModifiedTime(file).toMillis());
                    zip.putArchiveEntry(entry);
                    Files.copy(file, zip);
                    zip.closeArchiveEntry();
                }
                zip.finish();
            }
            try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static List<Path> filesToPack(Path moduleDir) throws IOException {
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String top = moduleDir.relativize(p).getName(0).toString();
                        return top.equals("conf") || top.equals("bin");
                    })
                    .sorted(Comparator.comparing(p -> moduleDir.relativize(p).toString()))
                    .toList();
        }
    }

    private static int modeOf(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return file.toString().contains("bin") ? 0755 : 0644;
        }
        return SafeArchiveReader.toMode(view.readAttributes().permissions());
    }
}

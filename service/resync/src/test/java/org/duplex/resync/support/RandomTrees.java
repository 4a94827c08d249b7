package org.duplex.resync.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random trees and random writes, for resync tests. */
public final class RandomTrees {
    private RandomTrees() {}

    /** Creates {@code files} files (sizes up to {@code maxFileBytes}) in a few nested directories, a symlink and an xattr. */
    public static List<String> create(Path root, SplittableRandom rnd, int files, int maxFileBytes) throws IOException {
        List<String> paths = new ArrayList<>();
        String[] dirs = {"", "a", "a/b", "c", "c/d/e"};
        for (String d : dirs) {
            Files.createDirectories(root.resolve(d));
        }
        for (int i = 0; i < files; i++) {
            String rel = (dirs[rnd.nextInt(dirs.length)] + "/f" + i + ".bin").replaceFirst("^/", "");
            byte[] data = new byte[rnd.nextInt(maxFileBytes + 1)];
            fill(rnd, data);
            Files.write(root.resolve(rel), data);
            paths.add(rel);
        }
        Files.createSymbolicLink(root.resolve("a/link"), Path.of("../c/d"));
        Files.setPosixFilePermissions(root.resolve("c"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        if (!paths.isEmpty()) {
            setXattr(root.resolve(paths.get(0)), "duplex.test", "one");
        }
        return paths;
    }

    public static void setXattr(Path file, String name, String value) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        view.write(name, ByteBuffer.wrap(value.getBytes()));
    }

    public static void fill(SplittableRandom rnd, byte[] data) {
        for (int i = 0; i < data.length; i += 8) {
            long v = rnd.nextLong();
            for (int k = 0; k < 8 && i + k < data.length; k++) {
                data[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }

    /** pwrite of {@code data} at {@code offset}. */
    public static void pwrite(Path file, long offset, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf, offset + buf.position());
            }
        }
    }
}

package org.duplex.config.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds test archives entry by entry, including the hostile ones a real zip tool would refuse. */
final class ZipBuilder implements AutoCloseable {
    static final String VALID_CONFIG = "<safe><service mode=\"mirror\"><heart><heartbeat name=\"default\"/></heart>"
            + "<rfs><replicated dir=\"/srv/data\"/></rfs><user/></service></safe>";

    private final ZipArchiveOutputStream zip;
    private final OutputStream file;

    ZipBuilder(Path out) throws IOException {
        file = Files.newOutputStream(out);
        zip = new ZipArchiveOutputStream(file);
    }

    /** A minimal valid module: config and a start script with mode 0755. */
    static Path validModule(Path out, String marker) throws IOException {
        try (ZipBuilder z = new ZipBuilder(out)) {
            z.file("conf/userconfig.xml", VALID_CONFIG, 0644);
            z.file("bin/start_prim", "#!/bin/sh\necho " + marker + "\n", 0755);
        }
        return out;
    }

    ZipBuilder file(String name, String content, int mode) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** {@code mode} 0 writes an entry without unix mode (as zips made on Windows). */
    ZipBuilder file(String name, byte[] content, int mode) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        if (mode != 0) {
            e.setUnixMode(0100000 | mode);
        }
        zip.putArchiveEntry(e);
        zip.write(content);
        zip.closeArchiveEntry();
        return this;
    }

    ZipBuilder symlink(String name, String target) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setUnixMode(0120777);
        zip.putArchiveEntry(e);
        zip.write(target.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
        return this;
    }

    @Override
    public void close() throws IOException {
        zip.finish();
        zip.close();
        file.close();
    }
}

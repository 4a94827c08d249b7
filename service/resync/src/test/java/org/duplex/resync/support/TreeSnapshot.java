package org.duplex.resync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duplex.resync.hash.BlockHasher;
import org.duplex.resync.protocol.EntryMeta;
import org.duplex.resync.tree.LocalTree;

/**
 * Everything reintegration promises to make equal, one line per entry (type, mode, owner, link,
 * xattrs; size, content hash and mtime for regular files), so two trees compare with one
 * {@code assertThat(a).isEqualTo(b)} and a failure shows the differing entries.
 */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    public static Map<String, String> of(Path root) throws IOException {
        LocalTree tree = new LocalTree(root);
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                EntryMeta m = tree.stat(rel);
                StringBuilder sb = new StringBuilder();
                sb.append(m.type()).append(" mode=").append(Integer.toOctalString(m.mode()))
                        .append(" owner=").append(m.uid()).append(':').append(m.gid());
                if (m.linkTarget() != null) {
                    sb.append(" -> ").append(m.linkTarget());
                }
                m.xattrs().forEach((k, v) -> sb.append(" x:").append(k).append('=').append(HexFormat.of().formatHex(v)));
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    sb.append(" size=").append(m.size())
                            .append(" hash=").append(Long.toHexString(BlockHasher.digest(p, 65536, 0).wholeHash()))
                            .append(" mtime=").append(m.mtimeNanos());
                }
                out.put(rel, sb.toString());
            }
        }
        return out;
    }
}

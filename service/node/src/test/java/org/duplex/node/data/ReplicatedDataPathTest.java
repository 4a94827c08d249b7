package org.duplex.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.duplex.engine.Action;
import org.duplex.fs.NativeFs;
import org.duplex.node.module.DataPath;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.resync.source.ResyncOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real data paths in one JVM: node A (127.0.0.1, source) and node B (127.0.0.2, target), real
 * FUSE mounts over temp dirs, real TCP. A full resync copies A's pre-existing files, then writes
 * through A's mount are replicated; B's directory underneath its read-only mount ends identical.
 */
class ReplicatedDataPathTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path tmp;
    private final List<DataPath> opened = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();

    /** Records what a data path reports, in order. */
    static final class Events implements DataPath.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override public void replicationUp() { seen.add("up"); }
        @Override public void replicationLost(String reason) { seen.add("lost: " + reason); }
        @Override public void resyncProgress(int percent) { seen.add("progress " + percent); }
        @Override public void resyncDone() { seen.add("resyncDone"); }
        @Override public void resyncFailed(String reason) { seen.add("resyncFailed: " + reason); }

        boolean saw(String event) {
            return seen.contains(event);
        }
    }

    @AfterEach
    void cleanUp() {
        opened.forEach(DataPath::close);
        fds.forEach(NativeFs::close);
    }

    private ReplicatedDataPath node(String name, String peerName, String local, String remote, int base, Path dir,
            Events events) throws IOException {
        InetAddress l = InetAddress.getByName(local);
        InetAddress r = InetAddress.getByName(remote);
        ReplicatedDirectory.Settings d = new ReplicatedDirectory.Settings("mod#0", dir, tmp.resolve(name + "-var"),
                new InetSocketAddress(r, base), new InetSocketAddress(l, base), AsyncMode.SECOND,
                Duration.ofSeconds(5), ReplicatedDirectory.notReplicated(List.of("scratch"), List.of()));
        ReplicatedDataPath path = new ReplicatedDataPath(new ReplicatedDataPath.Settings(name, peerName,
                new InetSocketAddress(l, base + 3), new InetSocketAddress(r, base + 3),
                ResyncOptions.defaults().withWorkers(2)), List.of(d), events);
        opened.add(path);
        return path;
    }

    /** A path reaching {@code dir} underneath any mount later put on it. */
    private Path underneath(Path dir) {
        int fd = NativeFs.openat(NativeFs.AT_FDCWD, dir.toString(), NativeFs.O_PATH | NativeFs.O_DIRECTORY
                | NativeFs.O_CLOEXEC, 0);
        assertThat(fd).as("open %s", dir).isGreaterThanOrEqualTo(0);
        fds.add(fd);
        return Path.of(NativeFs.procPath(fd));
    }

    @Test
    void fullResyncThenLiveWritesLeaveTheTargetIdentical() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ReplicatedDataPathTest seed=" + seed);
        Random random = new Random(seed);
        int base = 20_000 + 4 * random.nextInt(5_000);
        Path a = Files.createDirectories(tmp.resolve("a/data"));
        Path b = Files.createDirectories(tmp.resolve("b/data"));
        byte[] big = new byte[3 << 20];
        random.nextBytes(big);
        Files.write(a.resolve("big.bin"), big);
        Files.createDirectories(a.resolve("sub/deeper"));
        Files.writeString(a.resolve("sub/deeper/note.txt"), "written before the cluster started");
        Files.writeString(b.resolve("stale.txt"), "only on B: a full resync removes it");
        Path bUnder = underneath(b);

        Events eventsA = new Events();
        Events eventsB = new Events();
        ReplicatedDataPath nodeA = node("A", "B", "127.0.0.1", "127.0.0.2", base, a, eventsA);
        ReplicatedDataPath nodeB = node("B", "A", "127.0.0.2", "127.0.0.1", base, b, eventsB);

        nodeA.setFilter(Action.FilterMode.READ_WRITE);
        nodeB.setFilter(Action.FilterMode.READ_ONLY);
        assertThat(mounted(a)).isTrue();
        assertThat(mounted(b)).isTrue();
        assertThatThrownBy(() -> Files.writeString(b.resolve("app.txt"), "x"))
                .as("applications on the secondary get a read-only directory").isInstanceOf(IOException.class);

        nodeA.startReplication(Action.Role.SOURCE); // before the target listens: A retries
        nodeB.startReplication(Action.Role.TARGET);
        await().atMost(WAIT).until(() -> eventsA.saw("up") && eventsB.saw("up"));

        nodeA.startResync(Action.Role.SOURCE, Action.ResyncMode.FULL);
        nodeB.startResync(Action.Role.TARGET, Action.ResyncMode.FULL);
        await().atMost(WAIT).until(() -> eventsA.saw("resyncDone") && eventsB.saw("resyncDone"));
        assertThat(eventsA.seen).noneMatch(e -> e.startsWith("resyncFailed") || e.startsWith("lost"));
        assertThat(tree(bUnder)).isEqualTo(tree(a));
        assertThat(nodeA.lastRunBytesSent()).as("a full resync to an empty B sends every file").isGreaterThanOrEqualTo(big.length);

        // Live writes through A's mount, replicated while connected.
        Files.writeString(a.resolve("sub/live.txt"), "written through the filter");
        Files.write(a.resolve("big.bin"), "appended".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Files.move(a.resolve("sub/deeper/note.txt"), a.resolve("sub/renamed.txt"));
        Files.createDirectories(a.resolve("scratch"));
        Files.writeString(a.resolve("scratch/tmp.txt"), "not replicated");
        await().atMost(WAIT).untilAsserted(() -> assertThat(tree(bUnder)).isEqualTo(withoutScratch(tree(a))));
        assertThat(tree(bUnder)).containsKey("sub/live.txt").doesNotContainKey("stale.txt");

        // B goes away: A works alone and records what B lacks; an incremental resync sends only that.
        nodeB.stopReplication();
        nodeB.stopResync();
        nodeA.stopResync();
        await().atMost(WAIT).until(() -> eventsA.seen.stream().anyMatch(e -> e.startsWith("lost")));
        byte[] patch = new byte[4096];
        random.nextBytes(patch);
        try (var ch = java.nio.channels.FileChannel.open(a.resolve("big.bin"), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(patch), 1 << 20);
        }
        Files.writeString(a.resolve("while-alone.txt"), "B missed this");
        Files.delete(a.resolve("sub/live.txt"));
        assertThat(tree(bUnder)).doesNotContainKey("while-alone.txt");

        eventsA.seen.clear();
        eventsB.seen.clear();
        nodeB.startReplication(Action.Role.TARGET);
        nodeA.startReplication(Action.Role.SOURCE);
        await().atMost(WAIT).until(() -> eventsA.saw("up") && eventsB.saw("up"));
        nodeB.startResync(Action.Role.TARGET, Action.ResyncMode.INCREMENTAL);
        nodeA.startResync(Action.Role.SOURCE, Action.ResyncMode.INCREMENTAL);
        await().atMost(WAIT).until(() -> eventsA.saw("resyncDone") && eventsB.saw("resyncDone"));
        assertThat(tree(bUnder)).isEqualTo(withoutScratch(tree(a)));
        assertThat(nodeA.lastRunBytesSent()).as("incremental: only what B missed, not the 3 MiB file")
                .isLessThan(64 * 1024);

        nodeA.stopReplication();
        nodeB.stopReplication();
        nodeA.stopResync();
        nodeB.stopResync();
        nodeA.close();
        nodeB.close();
        assertThat(mounted(a)).as("close leaves no mount").isFalse();
        assertThat(mounted(b)).as("close leaves no mount").isFalse();
    }

    @Test
    void splitBrainOnTheTargetSavesItsDivergentFilesFirst() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("sb/data"));
        Files.writeString(a.resolve("untouched.txt"), "same on both nodes");
        Events events = new Events();
        ReplicatedDataPath node = node("A", "B", "127.0.0.1", "127.0.0.2", 20_000, a, events);
        node.setFilter(Action.FilterMode.READ_WRITE);
        Files.writeString(a.resolve("written-alone.txt"), "A wrote this while apart"); // no peer: recorded dirty

        node.reportSplitBrain(true, "A:7", "B:9");

        Path manifest;
        try (Stream<Path> s = Files.walk(tmp.resolve("A-var"))) {
            manifest = s.filter(f -> f.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow();
        }
        String text = Files.readString(manifest);
        assertThat(text).contains("written-alone.txt").doesNotContain("untouched.txt");
        try (Stream<Path> s = Files.walk(manifest.getParent())) {
            assertThat(s.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.readString(f).equals("A wrote this while apart");
                } catch (IOException e) {
                    return false;
                }
            })).as("a copy of the divergent file is kept").isTrue();
        }
        node.close();
    }

    @Test
    void moreDirectoriesThanPortsAreRefusedByName() {
        List<ReplicatedDirectory.Settings> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(new ReplicatedDirectory.Settings("m#" + i, tmp, tmp.resolve("v" + i),
                    new InetSocketAddress(1), new InetSocketAddress(1), AsyncMode.SECOND, Duration.ofSeconds(1), p -> false));
        }
        assertThatThrownBy(() -> new ReplicatedDataPath(new ReplicatedDataPath.Settings("A", "B",
                new InetSocketAddress(1), new InetSocketAddress(1), ResyncOptions.defaults()), four, new Events()))
                .isInstanceOf(IOException.class).hasMessageContaining("at most 3").hasMessageContaining("has 4");
    }

    @Test
    void notReplicatedPathsAndRegexes() {
        var p = ReplicatedDirectory.notReplicated(List.of("tmp", "logs/x.log"), List.of(".*\\.swp"));
        assertThat(p.test("tmp")).isTrue();
        assertThat(p.test("tmp/a")).isTrue();
        assertThat(p.test("tmpfile")).isFalse();
        assertThat(p.test("logs/x.log")).isTrue();
        assertThat(p.test("a/b.swp")).isTrue();
        assertThat(p.test("a/b.txt")).isFalse();
        var only = ReplicatedDirectory.notReplicated(List.of(), List.of("!db/.*"));
        assertThat(only.test("db/base")).isFalse();
        assertThat(only.test("other")).isTrue();
    }

    private static Map<String, Object> withoutScratch(Map<String, Object> tree) {
        Map<String, Object> out = new TreeMap<>(tree);
        out.keySet().removeIf(k -> k.equals("scratch") || k.startsWith("scratch/"));
        return out;
    }

    /** Relative path -> content (files, as a String of bytes' hash-free text) or "dir". */
    private static Map<String, Object> tree(Path root) throws IOException {
        Map<String, Object> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) { // the root may be /proc/self/fd/N
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static boolean mounted(Path dir) throws IOException {
        String target = " " + dir.toAbsolutePath().normalize() + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(target));
    }
}

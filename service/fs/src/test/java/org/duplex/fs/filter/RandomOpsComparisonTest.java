package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.duplex.fs.Errno;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded random sequence of operations on a plain directory and on a directory under
 * the filter (PassthroughHandler): every outcome (result or errno) must match, and so must the
 * resulting trees, seen through the mount and, after unmounting, on disk. Rerun a failure with
 * {@code -Dduplex.test.seed=N} (the seed is printed).
 */
class RandomOpsComparisonTest {
    private static final int OPS = 400;
    private static final List<String> PATHS = List.of("a", "b", "c", "d", "d/a", "d/b", "d/e", "d/e/a", "e", "e/a",
            "pub/x", "sg/y", "missing/a", "a/x");
    private static final List<String> NOBODY_SCRIPTS = List.of(
            "echo hi > pub/n1", "mkdir pub/n2", "echo x > sg/n3", "mkdir sg/n4", "chmod 600 a", "echo x >> a",
            "rm -f pub/x", "ln -s t pub/n5", "touch a", "mv pub/n1 pub/n6", "rm -rf pub/n2", "chmod 700 pub/n1",
            "truncate -s 10 pub/n1", "echo y >> pub/n1", "rmdir sg/n4", "ln pub/n1 pub/n7");

    @TempDir
    Path plainDir;
    @TempDir
    Path mountedDir;
    FilterMount mount;

    @BeforeEach
    void setUp() {
        for (Path root : List.of(plainDir, mountedDir)) {
            String r = root.toString();
            assertThat(NativeFs.fchmodat(AT_FDCWD, r, 0755, 0)).isZero();
            assertThat(NativeFs.mkdirat(AT_FDCWD, r + "/pub", 0777)).isZero();
            assertThat(NativeFs.fchmodat(AT_FDCWD, r + "/pub", 01777, 0)).isZero();
            assertThat(NativeFs.mkdirat(AT_FDCWD, r + "/sg", 0777)).isZero();
            assertThat(NativeFs.fchownat(AT_FDCWD, r + "/sg", 0, 100, 0)).isZero();
            assertThat(NativeFs.fchmodat(AT_FDCWD, r + "/sg", 02777, 0)).isZero();
        }
        mount = FilterMount.mount(mountedDir, new PassthroughHandler(), FilterMode.READ_WRITE, 8);
    }

    @AfterEach
    void tearDown() {
        if (mount != null) {
            mount.close();
        }
    }

    @Test
    void mountBehavesLikeThePlainDirectory() throws Exception {
        long seed = Long.getLong("duplex.test.seed", System.nanoTime());
        System.out.println("RandomOpsComparisonTest seed " + seed + " (rerun with -Dduplex.test.seed=" + seed + ")");
        Random rnd = new Random(seed);
        FsOps plain = new FsOps(plainDir);
        FsOps mounted = new FsOps(mountedDir);
        List<String> log = new ArrayList<>();
        for (int i = 0; i < OPS; i++) {
            Op op = randomOp(rnd, i);
            String expected = op.run(plain);
            String actual = op.run(mounted);
            log.add(i + ": " + op.name + " -> " + expected);
            assertThat(actual).as("seed %d, op %d: %s (history: %s)", seed, i, op.name, tail(log)).isEqualTo(expected);
        }
        TreeMap<String, String> want = TreeSnapshot.of(plainDir);
        assertThat(TreeSnapshot.of(mountedDir)).as("tree through the mount, seed %d", seed).isEqualTo(want);
        mount.unmount();
        mount = null;
        assertThat(TreeSnapshot.of(mountedDir)).as("tree on disk after unmount, seed %d", seed).isEqualTo(want);
    }

    @Test
    void crossMountRenameAndLinkAreExdev() {
        String inside = mountedDir + "/f";
        assertThat(NativeFs.mknodat(AT_FDCWD, inside, NativeFs.S_IFREG | 0644, 0)).isZero();
        assertThat(NativeFs.renameat2(AT_FDCWD, inside, AT_FDCWD, plainDir + "/f", 0)).isEqualTo(-Errno.EXDEV);
        assertThat(NativeFs.linkat(AT_FDCWD, inside, AT_FDCWD, plainDir + "/f", 0)).isEqualTo(-Errno.EXDEV);
    }

    private static String tail(List<String> log) {
        return String.join("; ", log.subList(Math.max(0, log.size() - 8), log.size()));
    }

    private interface Action {
        String run(FsOps fs) throws Exception;
    }

    private record Op(String name, Action action) {
        String run(FsOps fs) throws Exception {
            return action.run(fs);
        }
    }

    private static String pick(Random rnd) {
        return PATHS.get(rnd.nextInt(PATHS.size()));
    }

    private static Op randomOp(Random rnd, int i) {
        String p = pick(rnd);
        String q = pick(rnd);
        int mode = new int[] {0644, 0600, 0755, 04755, 0640}[rnd.nextInt(5)];
        long seed = rnd.nextLong();
        int kind = rnd.nextInt(100);
        if (kind < 8) {
            return new Op("create " + p + " " + Integer.toOctalString(mode), fs -> fs.create(p, mode));
        } else if (kind < 22) {
            long off = rnd.nextInt(70_000);
            int len = 1 + rnd.nextInt(20_000);
            return new Op("write " + p + " @" + off + " +" + len, fs -> fs.writeAt(p, off, len, seed, false));
        } else if (kind < 27) {
            int len = 1 + rnd.nextInt(5_000);
            return new Op("append " + p + " +" + len, fs -> fs.writeAt(p, 0, len, seed, true));
        } else if (kind < 32) {
            long size = rnd.nextInt(100_000);
            return new Op("truncate " + p + " " + size, fs -> fs.truncate(p, size));
        } else if (kind < 34) {
            return new Op("open O_TRUNC " + p, fs -> fs.openTruncate(p));
        } else if (kind < 40) {
            return new Op("mkdir " + p, fs -> fs.mkdir(p));
        } else if (kind < 43) {
            return new Op("rmdir " + p, fs -> fs.rmdir(p));
        } else if (kind < 47) {
            return new Op("unlink " + p, fs -> fs.unlink(p));
        } else if (kind < 55) {
            int flags = new int[] {0, 0, NativeFs.RENAME_NOREPLACE, NativeFs.RENAME_EXCHANGE}[rnd.nextInt(4)];
            return new Op("rename " + p + " " + q + " flags " + flags, fs -> fs.rename(p, q, flags));
        } else if (kind < 59) {
            return new Op("link " + p + " " + q, fs -> fs.link(p, q));
        } else if (kind < 62) {
            String target = rnd.nextBoolean() ? "a" : "../d/a";
            return new Op("symlink " + target + " " + q, fs -> fs.symlink(target, q));
        } else if (kind < 65) {
            return new Op("chmod " + p + " " + Integer.toOctalString(mode), fs -> fs.chmod(p, mode));
        } else if (kind < 69) {
            String name = rnd.nextBoolean() ? "user.a" : "user.b";
            byte[] value = {(byte) i, (byte) (i >> 8)};
            int flags = new int[] {0, NativeFs.XATTR_CREATE, NativeFs.XATTR_REPLACE}[rnd.nextInt(3)];
            return new Op("setxattr " + p + " " + name + " flags " + flags, fs -> fs.setxattr(p, name, value, flags));
        } else if (kind < 71) {
            String name = rnd.nextBoolean() ? "user.a" : "user.b";
            return new Op("removexattr " + p + " " + name, fs -> fs.removexattr(p, name));
        } else if (kind < 74) {
            long off = rnd.nextInt(60_000);
            long len = 1 + rnd.nextInt(20_000);
            return new Op("punch " + p + " @" + off + " +" + len, fs -> fs.punchHole(p, off, len));
        } else if (kind < 80) {
            return new Op("read " + p, fs -> fs.read(p));
        } else if (kind < 82) {
            return new Op("times " + p, fs -> fs.timesAdvanceOnWrite(p));
        } else if (kind < 86) {
            int off = rnd.nextInt(8192);
            int len = 1 + rnd.nextInt(4096);
            return new Op("mmap " + p + " @" + off + " +" + len, fs -> fs.mmapWrite(p, off, len, seed));
        } else if (kind < 88) {
            return new Op("unlink-open " + p, fs -> fs.unlinkWhileOpen(p, seed));
        } else if (kind < 90) {
            long off = (5L << 30) + rnd.nextInt(1 << 20);
            return new Op("sparse write " + p + " @" + off, fs -> fs.writeAt(p, off, 4096, seed, false));
        } else {
            String script = NOBODY_SCRIPTS.get(rnd.nextInt(NOBODY_SCRIPTS.size()));
            return new Op("as nobody: " + script, fs -> fs.asNobody(script));
        }
    }
}

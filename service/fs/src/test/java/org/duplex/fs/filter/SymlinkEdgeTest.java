package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;
import static org.duplex.fs.NativeFs.AT_SYMLINK_NOFOLLOW;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations on symlinks themselves (not their targets), where an O_PATH fd reached through
 * /proc/self/fd would silently follow the link: times, hard links, xattrs. Same outcomes as a
 * plain directory, and the target untouched.
 */
class SymlinkEdgeTest {
    @TempDir
    Path plainDir;
    @TempDir
    Path mountedDir;
    FilterMount mount;

    @BeforeEach
    void setUp() {
        mount = FilterMount.mount(mountedDir, new PassthroughHandler(), FilterMode.READ_WRITE, 4);
    }

    @AfterEach
    void tearDown() {
        mount.close();
    }

    private static List<String> scenario(Path root) throws Exception {
        String r = root + "/";
        List<String> out = new ArrayList<>();
        out.add("mknod " + NativeFs.mknodat(AT_FDCWD, r + "target", NativeFs.S_IFREG | 0644, 0));
        out.add("utime target " + NativeFs.utimensat(AT_FDCWD, r + "target", 500, 0, 500, 0, 0));
        out.add("symlink " + NativeFs.symlinkat("target", AT_FDCWD, r + "ln"));
        out.add("utime -h ln " + NativeFs.utimensat(AT_FDCWD, r + "ln", 700, 1, 800, 2, AT_SYMLINK_NOFOLLOW));
        FileStat ln = FileStat.at(AT_FDCWD, r + "ln", AT_SYMLINK_NOFOLLOW);
        FileStat target = FileStat.at(AT_FDCWD, r + "target", AT_SYMLINK_NOFOLLOW);
        out.add("ln mtime " + ln.mtimeSec() + "." + ln.mtimeNsec() + " target mtime " + target.mtimeSec());
        out.add("hard link of ln " + NativeFs.linkat(AT_FDCWD, r + "ln", AT_FDCWD, r + "ln2", 0));
        FileStat ln2 = FileStat.at(AT_FDCWD, r + "ln2", AT_SYMLINK_NOFOLLOW);
        out.add("ln2 is symlink " + ln2.isSymlink() + " nlink " + ln2.nlink());
        out.add("lsetxattr user on ln " + NativeFs.lsetxattr(r + "ln", "user.a", new byte[] {1}, 0));
        out.add("lsetxattr trusted on ln " + NativeFs.lsetxattr(r + "ln", "trusted.a", new byte[] {1}, 0));
        int[] err = new int[1];
        byte[] v = NativeFs.lgetxattr(r + "ln", "trusted.a", err);
        out.add("lgetxattr trusted on ln " + (v == null ? "errno " + err[0] : "len " + v.length));
        byte[] t = NativeFs.lgetxattr(r + "target", "trusted.a", err);
        out.add("target trusted.a " + (t == null ? "errno " + err[0] : "len " + t.length));
        out.add("lremovexattr trusted on ln " + NativeFs.lremovexattr(r + "ln", "trusted.a"));
        out.add("chown -h ln " + NativeFs.fchownat(AT_FDCWD, r + "ln", 65534, 65534, AT_SYMLINK_NOFOLLOW));
        out.add("ln uid " + FileStat.at(AT_FDCWD, r + "ln", AT_SYMLINK_NOFOLLOW).uid()
                + " target uid " + FileStat.at(AT_FDCWD, r + "target", AT_SYMLINK_NOFOLLOW).uid());
        return out;
    }

    @Test
    void symlinkItselfIsChangedNotItsTarget() throws Exception {
        List<String> plain = scenario(plainDir);
        assertThat(plain).contains("ln mtime 800.2 target mtime 500", "ln2 is symlink true nlink 2", "ln uid 65534 target uid 0");
        assertThat(scenario(mountedDir)).isEqualTo(plain);
    }
}

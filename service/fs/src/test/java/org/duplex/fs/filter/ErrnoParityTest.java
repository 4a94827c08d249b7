package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplex.fs.NativeFs.AT_FDCWD;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each classic error, provoked on purpose: the mount answers with the same errno as a plain directory. */
class ErrnoParityTest {
    @TempDir
    Path plainDir;
    @TempDir
    Path mountedDir;
    FilterMount mount;

    @BeforeEach
    void setUp() {
        for (Path root : List.of(plainDir, mountedDir)) {
            String r = root + "/";
            assertThat(NativeFs.fchmodat(AT_FDCWD, root.toString(), 0755, 0)).isZero();
            assertThat(NativeFs.mkdirat(AT_FDCWD, r + "dir", 0755)).isZero();
            assertThat(NativeFs.mknodat(AT_FDCWD, r + "dir/inside", NativeFs.S_IFREG | 0644, 0)).isZero();
            assertThat(NativeFs.mknodat(AT_FDCWD, r + "file", NativeFs.S_IFREG | 0644, 0)).isZero();
        }
        mount = FilterMount.mount(mountedDir, new PassthroughHandler(), FilterMode.READ_WRITE, 4);
    }

    @AfterEach
    void tearDown() {
        mount.close();
    }

    private static Map<String, String> provoke(FsOps fs) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ENOENT", fs.unlink("missing"));
        out.put("EEXIST", fs.mkdir("dir"));
        out.put("ENOTEMPTY", fs.rmdir("dir"));
        out.put("EISDIR", fs.writeAt("dir", 0, 1, 1, false));
        out.put("EISDIR unlink", fs.unlink("dir"));
        out.put("ENOTDIR", fs.mkdir("file/sub"));
        out.put("ENOTDIR rmdir", fs.rmdir("file"));
        out.put("EEXIST noreplace", fs.rename("file", "dir/inside", NativeFs.RENAME_NOREPLACE));
        out.put("EISDIR rename", fs.rename("file", "dir", 0));
        out.put("ENODATA", fs.removexattr("file", "user.none"));
        out.put("EACCES", fs.asNobody("echo x >> file"));
        out.put("EPERM", fs.asNobody("chmod 600 file"));
        out.put("EPERM chown", fs.asNobody("chown 65534 file"));
        out.put("EACCES mkdir", fs.asNobody("mkdir dir/sub"));
        return out;
    }

    @Test
    void sameErrnosAsAPlainDirectory() throws Exception {
        Map<String, String> plain = provoke(new FsOps(plainDir));
        assertThat(plain).containsEntry("ENOENT", "ENOENT").containsEntry("EEXIST", "EEXIST")
                .containsEntry("ENOTEMPTY", "ENOTEMPTY").containsEntry("EISDIR", "EISDIR")
                .containsEntry("EISDIR unlink", "EISDIR").containsEntry("ENOTDIR", "ENOTDIR")
                .containsEntry("ENOTDIR rmdir", "ENOTDIR").containsEntry("EEXIST noreplace", "EEXIST")
                .containsEntry("EISDIR rename", "EISDIR").containsEntry("ENODATA", "ENODATA");
        assertThat(plain.get("EACCES")).contains("Permission denied");
        assertThat(plain.get("EPERM")).contains("Operation not permitted");
        assertThat(plain.get("EACCES mkdir")).contains("Permission denied");
        assertThat(provoke(new FsOps(mountedDir))).isEqualTo(plain);
    }
}

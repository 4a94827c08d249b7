package org.duplex.fs.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.duplex.fs.Errno;
import org.duplex.fs.NativeFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that throws must cost the application an EIO, never the filter. */
class ThrowingHandlerTest {
    @TempDir
    Path dir;

    @Test
    void anExceptionBecomesEioAndTheMountKeepsServing() {
        MutationHandler throwing = new PassthroughHandler() {
            @Override
            public int mkdir(Caller caller, EntryRef entry, int mode) {
                throw new IllegalStateException("deliberate, from the test");
            }
        };
        try (FilterMount m = FilterMount.mount(dir, throwing, FilterMode.READ_WRITE, 2)) {
            assertThat(NativeFs.mkdirat(NativeFs.AT_FDCWD, dir + "/d", 0755)).isEqualTo(-Errno.EIO);
            assertThat(NativeFs.mknodat(NativeFs.AT_FDCWD, dir + "/f", NativeFs.S_IFREG | 0644, 0)).isZero();
        }
    }
}

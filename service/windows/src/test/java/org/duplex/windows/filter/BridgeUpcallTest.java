package org.duplex.windows.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's JNI half (native/windows/bridge/dpx_upcall.c, the code duplexbridge.dll runs for
 * every filter message), built for Linux: encoded messages go in as the minifilter sends them, a
 * dispatcher with the same method shapes as {@code org.duplex.fs.filter.UpcallDispatcher} records
 * the upcalls, and the NTSTATUS that would go back to the kernel is checked.
 */
class BridgeUpcallTest {
    static final int STATUS_SUCCESS = 0;
    static final int STATUS_DISK_FULL = 0xC000007F;
    static final int STATUS_IO_DEVICE_ERROR = 0xC0000185;
    static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    static final int STATUS_MEDIA_WRITE_PROTECTED = 0xC00000A2;

    static native int handle0(Object dispatcher, byte[] message);

    @BeforeAll
    static void load() {
        System.load(Path.of("target/native-test/libdpxupcalltest.so").toAbsolutePath().toString());
    }

    /** Same names and JNI signatures as UpcallDispatcher (service/fs); records each call as text. */
    static class Recorder {
        final List<String> calls = new ArrayList<>();
        int result;
        RuntimeException toThrow;

        private int done(String call) {
            calls.add(call);
            if (toThrow != null) {
                throw toThrow;
            }
            return result;
        }

        private static String s(byte[] b) {
            return b == null ? "null" : "'" + new String(b, StandardCharsets.UTF_8) + "'";
        }

        int write(int uid, int gid, int pid, long ino, byte[] path, int fd, long offset, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return done(String.format("write %d %d %d %x %s fd=%d off=%d direct=%s data=%s", uid, gid, pid, ino, s(path), fd,
                    offset, data.isDirect(), s(bytes)));
        }

        int create(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, int flags, int mode) {
            return done(String.format("create %s %s flags=%o mode=%o", s(ppath), s(name), flags, mode));
        }

        int mkdir(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name, int mode) {
            return done(String.format("mkdir %s %s mode=%o", s(ppath), s(name), mode));
        }

        int truncateOnOpen(int uid, int gid, int pid, long ino, byte[] path, int fd) {
            return done("truncateOnOpen " + s(path));
        }

        int rename(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name,
                   long npino, byte[] nppath, int npfd, byte[] nname, int flags) {
            return done(String.format("rename %s %s -> %s %s flags=%d", s(ppath), s(name), s(nppath), s(nname), flags));
        }

        int unlink(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name) {
            return done("unlink " + s(ppath) + " " + s(name));
        }

        int rmdir(int uid, int gid, int pid, long pino, byte[] ppath, int pfd, byte[] name) {
            return done("rmdir " + s(ppath) + " " + s(name));
        }

        int setattr(int uid, int gid, int pid, long ino, byte[] path, int pathFd, int openFd, int valid, int mode,
                    int newUid, int newGid, long size, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
            return done(String.format("setattr %s valid=%d size=%d atime=%d.%d mtime=%d.%d", s(path), valid, size,
                    atimeSec, atimeNsec, mtimeSec, mtimeNsec));
        }

        int fallocate(int uid, int gid, int pid, long ino, byte[] path, int fd, int mode, long offset, long length) {
            return done(String.format("fallocate %s mode=%d off=%d len=%d", s(path), mode, offset, length));
        }

        int fsync(int uid, int gid, int pid, long ino, byte[] path, int fd, boolean dataOnly) {
            return done("fsync " + s(path) + " " + dataOnly);
        }

        int fsyncdir(int uid, int gid, int pid, long ino, byte[] path, int fd, boolean dataOnly) {
            return done("fsyncdir " + s(path));
        }

        int setxattr(int uid, int gid, int pid, long ino, byte[] path, int fd, byte[] name, byte[] value, int flags) {
            return done(String.format("setxattr %s %s len=%d flags=%d", s(path), s(name), value.length, flags));
        }
    }

    /** A dispatcher that lacks fsyncdir: the bridge must refuse it at open, not fail later. */
    static class Incomplete {
        int write(int uid, int gid, int pid, long ino, byte[] path, int fd, long offset, ByteBuffer data) {
            return 0;
        }
    }

    /** struct dpx_request (include/duplex_protocol.h) + UTF-16LE paths + data. */
    static byte[] message(int op, int flags, long offset, long value, long value2, String path, String path2, byte[] data) {
        byte[] p1 = path.getBytes(StandardCharsets.UTF_16LE);
        byte[] p2 = path2 == null ? new byte[0] : path2.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(64 + p1.length + p2.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(op).putInt(4242).putInt(flags).putLong(0x1122334455667788L).putLong(offset)
                .putLong(value).putLong(value2).putInt(p1.length).putInt(p2.length).putInt(data.length).putInt(0);
        b.put(p1).put(p2).put(data);
        return b.array();
    }

    static byte[] message(int op, String path) {
        return message(op, 0, 0, 0, 0, path, null, new byte[0]);
    }

    @Test
    void writeBecomesTheSameUpcallAsOnLinuxWithADirectBufferAndNoFd() {
        Recorder r = new Recorder();
        r.result = 5;
        int status = handle0(r, message(1, 0, 8192, 0, 0, "\\pgdata\\base\\16384\\2619", null, "hello".getBytes()));
        assertThat(status).isEqualTo(STATUS_SUCCESS);
        assertThat(r.calls).containsExactly(
                "write -1 -1 4242 1122334455667788 'pgdata/base/16384/2619' fd=-1 off=8192 direct=true data='hello'");
    }

    @Test
    void namespaceOperationsSplitParentAndName() {
        Recorder r = new Recorder();
        handle0(r, message(2, "dir\\new file.txt"));
        handle0(r, message(3, "dir\\sub"));
        handle0(r, message(4, "été.dat"));
        handle0(r, message(5, 0x1, 0, 0, 0, "a.txt", "sub\\b.txt", new byte[0]));
        handle0(r, message(5, 0, 0, 0, 0, "a.txt", "b.txt", new byte[0]));
        handle0(r, message(6, "dir\\gone.txt"));
        handle0(r, message(7, "dir\\sub"));
        assertThat(r.calls).containsExactly(
                "create 'dir' 'new file.txt' flags=102 mode=100644",
                "mkdir 'dir' 'sub' mode=755",
                "truncateOnOpen 'été.dat'",
                "rename '' 'a.txt' -> 'sub' 'b.txt' flags=0",
                "rename '' 'a.txt' -> '' 'b.txt' flags=1",
                "unlink 'dir' 'gone.txt'",
                "rmdir 'dir' 'sub'");
    }

    @Test
    void sizeTimesAllocationFlushAndSecurityMapOntoSetattrFallocateFsyncSetxattr() {
        Recorder r = new Recorder();
        long filetime2026 = 116444736000000000L + 17956080000000000L + 1234567L;
        handle0(r, message(8, 0, 4096, 0, 0, "f", null, new byte[0]));
        handle0(r, message(13, 0, 0, filetime2026, 0, "f", null, new byte[0]));
        handle0(r, message(9, 0, 1 << 20, 0, 0, "f", null, new byte[0]));
        handle0(r, message(10, "f"));
        handle0(r, message(10, 0x4, 0, 0, 0, "d", null, new byte[0]));
        handle0(r, message(12, 0, 0, 4, 0, "f", null, new byte[20]));
        long omit = (1L << 30) - 2;
        assertThat(r.calls).containsExactly(
                "setattr 'f' valid=8 size=4096 atime=0." + omit + " mtime=0." + omit,
                "setattr 'f' valid=32 size=0 atime=0." + omit + " mtime=1795608000.123456700",
                "fallocate 'f' mode=1 off=0 len=1048576",
                "fsync 'f' false",
                "fsyncdir 'd'",
                "setxattr 'f' 'windows.security' len=20 flags=4");
    }

    @Test
    void handlerResultsBecomeNtstatusAndAThrowingHandlerGivesEio() {
        Recorder r = new Recorder();
        r.result = -28;
        assertThat(handle0(r, message(2, "full.txt"))).isEqualTo(STATUS_DISK_FULL);
        r.result = -30;
        assertThat(handle0(r, message(1, 0, 0, 0, 0, "ro.txt", null, "x".getBytes()))).isEqualTo(STATUS_MEDIA_WRITE_PROTECTED);
        r.toThrow = new IllegalStateException("handler bug");
        assertThat(handle0(r, message(6, "x"))).isEqualTo(STATUS_IO_DEVICE_ERROR);
        assertThat(r.calls).hasSize(3);
    }

    @Test
    void malformedMessagesNeverReachJava() {
        Recorder r = new Recorder();
        byte[] m = message(1, 0, 0, 0, 0, "f", null, "abc".getBytes());
        assertThat(handle0(r, java.util.Arrays.copyOf(m, m.length - 1))).isEqualTo(STATUS_INVALID_PARAMETER);
        assertThat(handle0(r, message(99, "f"))).isEqualTo(STATUS_INVALID_PARAMETER);
        assertThat(r.calls).isEmpty();
    }

    @Test
    void aDispatcherWithoutTheFullUpcallTableIsRefusedUpFront() {
        assertThatThrownBy(() -> handle0(new Incomplete(), message(10, "f"))).isInstanceOf(NoSuchMethodError.class);
    }
}

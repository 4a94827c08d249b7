package org.duplex.fs.filter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.duplex.common.Check;
import org.duplex.common.UserError;
import org.duplex.fs.Errno;
import org.duplex.fs.FileStat;
import org.duplex.fs.NativeFs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FUSE filter mounted in place over one replicated directory.
 *
 * <p>{@link #mount} opens the directory first, then mounts FUSE on top of the same path, so
 * applications keep their paths and the filter still reaches the real files underneath through
 * the fd it opened. Reads are served in C; each mutating operation is one upcall into the
 * {@link MutationHandler} (unless the mode is {@link FilterMode#READ_ONLY}: EROFS).
 * libfuse's multi-threaded loop runs on a thread this class starts; its workers attach to the
 * JVM on their first upcall.
 *
 * <p>A JVM that exits normally (including on SIGTERM) unmounts through a shutdown hook. If the
 * JVM dies, the kernel aborts the connection when {@code /dev/fuse} closes:
 * applications get ENOTCONN, never a hang. The stale mount left behind is detached at the next
 * {@link #mount} of the same path.
 */
public final class FilterMount implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FilterMount.class);
    private static final Duration LOOP_EXIT_WAIT = Duration.ofSeconds(10);
    /** After a lazy detach the loop only ends when the last open file closes: do not wait for that. */
    private static final Duration DETACHED_LOOP_EXIT_WAIT = Duration.ofSeconds(1);

    static {
        NativeFs.ensureLoaded(); // the natives below live in libduplexfs.so too
    }

    private final Path directory;
    private final UpcallDispatcher dispatcher;
    private final Thread loop;
    private final int maxThreads;
    /** Unmounts if the JVM exits (SIGTERM, System.exit) while still mounted. */
    private final Thread shutdownHook = new Thread(this::close, "duplex-fuse-unmount");
    /**
     * Guards the native handle's lifetime between the loop thread and callers. Lock order: this
     * object's monitor, then nativeLock; the loop thread takes only nativeLock.
     */
    private final Object nativeLock = new Object();
    private long handle;
    private int loopResult = Integer.MIN_VALUE;
    private boolean loopEnded;
    private boolean stopping; // an unmount by Duplex is under way: the loop's end is expected
    private volatile boolean unmounted;

    private FilterMount(Path directory, UpcallDispatcher dispatcher, long handle, int maxThreads) {
        this.directory = directory;
        this.maxThreads = maxThreads;
        this.dispatcher = dispatcher;
        this.handle = handle;
        this.loop = new Thread(this::serve, "duplex-fuse " + directory);
        this.loop.setDaemon(true);
    }

    /** Worker threads when the caller does not say: enough for a database's concurrent writers. */
    public static final int DEFAULT_MAX_THREADS = 16;

    /** {@link #mount(Path, MutationHandler, FilterMode, int)} with {@link #DEFAULT_MAX_THREADS}. */
    public static FilterMount mount(Path directory, MutationHandler handler, FilterMode mode) {
        return mount(directory, handler, mode, DEFAULT_MAX_THREADS);
    }

    /**
     * Mounts the filter over {@code directory} (absolute, an existing directory) with up to
     * {@code maxThreads} worker threads, after cleaning a stale mount left there by a crashed
     * process. Needs root (CAP_SYS_ADMIN).
     *
     * @throws UserError naming the directory and the reason when it cannot be mounted
     */
    public static FilterMount mount(Path directory, MutationHandler handler, FilterMode mode, int maxThreads) {
        Check.argument(directory.isAbsolute(), "filter mount point must be absolute: %s", directory);
        Check.argument(maxThreads >= 1 && maxThreads <= 1024, "maxThreads out of range 1..1024: %d", maxThreads);
        String path = directory.normalize().toString();
        cleanStaleMount(path);
        long type = NativeFs.statfsType(path);
        if (type < 0) {
            throw new UserError(UserError.Kind.NOT_FOUND,
                    "cannot mount the Duplex filter on " + path + ": " + Errno.describe((int) type));
        }
        if (type == NativeFs.FUSE_SUPER_MAGIC) {
            throw new UserError(UserError.Kind.REFUSED, "cannot mount the Duplex filter on " + path
                    + ": a FUSE file system is already mounted there (another Duplex filter still running?)");
        }
        for (OpenFileScan.Holder h : OpenFileScan.holdersBelow(directory)) {
            log.warn("filter on {}: {} from before the mount; its writes through that will bypass the filter"
                    + " (not replicated) until it reopens", path, h);
        }
        UpcallDispatcher dispatcher = new UpcallDispatcher(handler, mode, path);
        int[] err = new int[1];
        String[] what = new String[1];
        long handle = mount0(path.getBytes(StandardCharsets.UTF_8), fsName(path), dispatcher, err, what);
        if (handle == 0) {
            throw new UserError(UserError.Kind.FAILED, "cannot mount the Duplex filter on " + path + ": "
                    + what[0] + " failed: " + Errno.describe(err[0]));
        }
        setReadOnly0(handle, mode == FilterMode.READ_ONLY);
        FilterMount m = new FilterMount(directory, dispatcher, handle, maxThreads);
        m.loop.start();
        Runtime.getRuntime().addShutdownHook(m.shutdownHook);
        log.info("filter mounted on {} in {} mode", path, mode);
        return m;
    }

    /** The "source" shown in /proc/mounts: the path, with characters mount options cannot carry replaced. */
    static String fsName(String path) {
        return "duplex:" + path.replaceAll("[,\\\\\\s]", "_");
    }

    /** Detaches a mount whose FUSE server died ("transport endpoint is not connected"). */
    static void cleanStaleMount(String path) {
        long[] st = new long[FileStat.FIELDS];
        int r = NativeFs.fstatat(NativeFs.AT_FDCWD, path, 0, st);
        if (r == -Errno.ENOTCONN) {
            int u = NativeFs.umount2(path, NativeFs.MNT_DETACH);
            log.warn("filter: detached a stale FUSE mount on {} left by a dead process ({})", path,
                    u == 0 ? "ok" : Errno.describe(u));
        }
    }

    private void serve() {
        int r = loop0(handle, maxThreads);
        synchronized (nativeLock) {
            loopResult = r;
            loopEnded = true;
            if (unmounted) {
                freeNative();
                return;
            }
            if (stopping) {
                return;
            }
        }
        log.error("filter on {} stopped serving (loop result {}): it was unmounted by something other than"
                + " Duplex; writes there are no longer intercepted", directory, r);
    }

    /**
     * True while the filter intercepts the directory. False after {@link #unmount}/{@link #close},
     * and also if something else unmounted it (then writes bypass Duplex: the node must react).
     */
    public boolean isServing() {
        synchronized (nativeLock) {
            return !loopEnded && !unmounted;
        }
    }

    /** Frees the native state once both the loop has ended and Duplex has let go of the mount. */
    private void freeNative() {
        if (handle != 0) {
            destroy0(handle);
            handle = 0;
        }
    }

    public Path directory() {
        return directory;
    }

    public FilterMode mode() {
        return dispatcher.mode();
    }

    /** Switches between serving writes and refusing them with EROFS; takes effect for the next operation. */
    public synchronized void setMode(FilterMode mode) {
        Check.that(!unmounted, "setMode on an unmounted filter (%s)", directory);
        FilterMode old = dispatcher.mode();
        dispatcher.setMode(mode);
        setReadOnly0(handle, mode == FilterMode.READ_ONLY);
        if (old != mode) {
            log.info("filter on {}: mode {} -> {}", directory, old, mode);
        }
    }

    /**
     * Unmounts; fails (and stays mounted) if applications still use the directory.
     *
     * @throws UserError REFUSED with EBUSY when busy, FAILED otherwise
     */
    public synchronized void unmount() {
        if (unmounted) {
            return;
        }
        if (loopHasEnded()) {
            finish();
            return;
        }
        int r = unmountNative(0);
        if (r < 0) {
            throw new UserError(r == -Errno.EBUSY ? UserError.Kind.REFUSED : UserError.Kind.FAILED,
                    "cannot unmount the Duplex filter from " + directory + ": " + Errno.describe(r)
                            + (r == -Errno.EBUSY ? " (processes still use files there; stop them first)" : ""));
        }
        finish();
    }

    /**
     * Unmounts; if applications still use the directory, detaches the mount lazily (they keep
     * their open files until they close them, new opens see the directory underneath).
     */
    @Override
    public synchronized void close() {
        if (unmounted) {
            return;
        }
        if (loopHasEnded()) {
            finish();
            return;
        }
        int r = unmountNative(0);
        boolean detached = false;
        if (r == -Errno.EBUSY) {
            log.warn("filter on {} is busy; detaching lazily", directory);
            r = unmountNative(NativeFs.MNT_DETACH);
            detached = r == 0;
        }
        if (r < 0) {
            log.error("filter on {}: unmount failed: {}", directory, Errno.describe(r));
        }
        finish(detached ? DETACHED_LOOP_EXIT_WAIT : LOOP_EXIT_WAIT);
    }

    private int unmountNative(int flags) {
        synchronized (nativeLock) {
            stopping = true;
        }
        int r = unmount0(handle, flags);
        if (r < 0) {
            synchronized (nativeLock) {
                stopping = false;
            }
        }
        return r;
    }

    private boolean loopHasEnded() {
        synchronized (nativeLock) {
            return loopEnded;
        }
    }

    private void finish() {
        finish(LOOP_EXIT_WAIT);
    }

    private void finish(Duration loopExitWait) {
        synchronized (nativeLock) {
            unmounted = true;
            if (loopEnded) {
                freeNative();
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or about to, and finds us unmounted
            }
        }
        try {
            loop.join(TimeUnit.MILLISECONDS.convert(loopExitWait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            // Lazily detached and still in use: the loop ends when the last user closes, and
            // then frees the native state itself (serve()).
            log.warn("filter on {}: detached, still serving files opened before; freed when they close", directory);
            return;
        }
        log.info("filter unmounted from {}", directory);
    }

    /** Mounts; returns a handle, or 0 with {@code err[0]} = errno and {@code what[0]} = the failed step. */
    private static native long mount0(byte[] path, String fsname, UpcallDispatcher dispatcher, int[] err, String[] what);

    /** Runs libfuse's multi-threaded loop until the file system is unmounted; returns its result. */
    private static native int loop0(long handle, int maxThreads);

    /** {@code umount2(path, flags)} of this mount (never a lazy one unless asked): 0 or -errno. */
    private static native int unmount0(long handle, int flags);

    /** Makes opens for writing fail with EROFS (read-only mode), or not. */
    private static native void setReadOnly0(long handle, boolean readOnly);

    /** Frees the session, the inode table and the directory fd. Only after the loop returned. */
    private static native void destroy0(long handle);
}

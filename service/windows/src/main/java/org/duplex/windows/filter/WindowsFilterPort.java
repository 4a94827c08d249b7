package org.duplex.windows.filter;

import java.io.IOException;

import org.duplex.common.UserError;

/**
 * The connection to the Duplex minifilter through duplexbridge.dll (native/windows/bridge): opens
 * the communication port, starts the bridge's worker threads that turn each intercepted operation
 * into an upcall on {@code dispatcher}, and pushes the directory configuration.
 *
 * <p>{@code dispatcher} is the same object the Linux FUSE filter calls
 * ({@code org.duplex.fs.filter.UpcallDispatcher}): the bridge looks its methods up by the names and
 * JNI signatures listed in native/windows/PROTOCOL.md, so this module needs no compile-time
 * dependency on service/fs and a signature drift fails at {@link #open} with NoSuchMethodError,
 * never later in the I/O path. Windows only.
 */
public final class WindowsFilterPort implements AutoCloseable {
    /** DPX_PORT_NAME. */
    public static final String PORT_NAME = "\\DuplexFltPort";
    private static final int S_OK = 0;

    private long handle;

    private WindowsFilterPort(long handle) {
        this.handle = handle;
    }

    /** Loads duplexbridge.dll from {@code jna.library.path}'s directory (the install's bin). */
    private static void load() {
        System.loadLibrary("duplexbridge");
    }

    /**
     * Connects to the filter and starts {@code threads} workers calling {@code dispatcher}.
     *
     * @throws UserError (UNAVAILABLE) when the filter is not loaded, naming the command that checks it
     */
    public static WindowsFilterPort open(Object dispatcher, int threads) {
        load();
        try {
            return new WindowsFilterPort(open0(PORT_NAME, dispatcher, threads));
        } catch (IOException e) {
            throw new UserError(UserError.Kind.UNAVAILABLE, "Windows filter: " + e.getMessage()
                    + "; check with 'fltmc filters' that DuplexFlt is listed, else 'fltmc load DuplexFlt'", e);
        }
    }

    /** Pushes the directories and mode; the filter applies them to I/O that starts after the call. */
    public synchronized void configure(FilterConfig config) {
        int hr = sendConfig0(handle, config.encode());
        if (hr != S_OK) {
            throw new UserError(UserError.Kind.FAILED, String.format(
                    "Windows filter: configuration refused (HRESULT 0x%08x); see the System event log for DuplexFlt", hr));
        }
    }

    /** "C:" to its NT device ("\Device\HarddiskVolume3"), or null. */
    public static String deviceOf(String drive) {
        load();
        return deviceOf0(drive);
    }

    /** Closes the port: the filter drops the configuration and lets all I/O through (module stopped). */
    @Override
    public synchronized void close() {
        if (handle != 0) {
            close0(handle);
            handle = 0;
        }
    }

    private static native long open0(String port, Object dispatcher, int threads) throws IOException;

    private static native int sendConfig0(long handle, byte[] config);

    private static native String deviceOf0(String drive);

    private static native void close0(long handle);
}

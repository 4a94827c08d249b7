package org.duplex.windows.eventlog;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;

/**
 * {@link EventLogSink} through {@code RegisterEventSource}/{@code ReportEvent}. The MSI registers the
 * source under {@code HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\Duplex} with .NET's
 * {@code EventLogMessages.dll} as message file, whose every id is the format {@code %1}: Event Viewer
 * then shows our text as is, without a message DLL of our own. Windows only.
 */
public final class AdvapiEventLogSink implements EventLogSink {
    /** ReportEvent takes at most 31839 characters per string. */
    static final int MAX_CHARS = 31_000;

    private final WinNT.HANDLE handle;

    public AdvapiEventLogSink(String source) {
        this.handle = Advapi32.INSTANCE.RegisterEventSource(null, source);
    }

    @Override
    public void report(Type type, int eventId, String message) {
        if (handle == null) {
            return; // source could not be registered: the file log still has the record
        }
        int win32Type = switch (type) {
            case ERROR -> WinNT.EVENTLOG_ERROR_TYPE;
            case WARNING -> WinNT.EVENTLOG_WARNING_TYPE;
            case INFORMATION -> WinNT.EVENTLOG_INFORMATION_TYPE;
        };
        String text = message.length() > MAX_CHARS ? message.substring(0, MAX_CHARS) + "..." : message;
        Advapi32.INSTANCE.ReportEvent(handle, win32Type, 0, eventId, null, 1, 0, new String[] {text}, null);
    }

    @Override
    public void close() {
        if (handle != null) {
            Advapi32.INSTANCE.DeregisterEventSource(handle);
        }
    }
}

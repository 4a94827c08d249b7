package org.duplex.windows.proc;

import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

/**
 * Reads another process's command line on Windows 8.1 and later with
 * {@code NtQueryInformationProcess(ProcessCommandLineInformation)}, which needs only
 * {@code PROCESS_QUERY_LIMITED_INFORMATION} (granted for most services to an administrator or
 * LocalSystem). Windows only; returns empty for a process we may not open (protected processes)
 * or that has exited.
 */
final class WindowsCommandLine {
    /** PROCESSINFOCLASS value documented for Windows 8.1+. */
    private static final int PROCESS_COMMAND_LINE_INFORMATION = 60;
    private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    private static final int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;
    /** A command line is at most 32767 UTF-16 units; with the UNICODE_STRING header this bounds the buffer. */
    private static final int MAX_BUFFER = 16 + 2 * 32768;

    interface NtDll extends Library {
        NtDll INSTANCE = Native.load("ntdll", NtDll.class);

        int NtQueryInformationProcess(WinNT.HANDLE process, int infoClass, Pointer info, int length, IntByReference returned);
    }

    private WindowsCommandLine() {}

    static Optional<String> read(long pid) {
        WinNT.HANDLE h = Kernel32.INSTANCE.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, (int) pid);
        if (h == null) {
            return Optional.empty();
        }
        try {
            IntByReference needed = new IntByReference();
            int size = 1024;
            while (size <= MAX_BUFFER) {
                Memory buf = new Memory(size);
                int status = NtDll.INSTANCE.NtQueryInformationProcess(h, PROCESS_COMMAND_LINE_INFORMATION, buf, size, needed);
                if (status == 0) {
                    // UNICODE_STRING { USHORT Length; USHORT MaximumLength; PWSTR Buffer; } (Buffer at offset 8 on x64)
                    int bytes = buf.getShort(0) & 0xffff;
                    Pointer text = buf.getPointer(Native.POINTER_SIZE);
                    return Optional.of(new String(text.getCharArray(0, bytes / 2)));
                }
                if (status != STATUS_INFO_LENGTH_MISMATCH || needed.getValue() <= size) {
                    return Optional.empty();
                }
                size = needed.getValue();
            }
            return Optional.empty();
        } finally {
            Kernel32.INSTANCE.CloseHandle(h);
        }
    }
}

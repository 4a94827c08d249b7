package org.duplex.windows.scm;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;

/**
 * {@link ServiceControl} through the Win32 SCM API (JNA Platform's {@code W32ServiceManager}).
 * Windows only: loading this class on Linux is fine, calling it is not (the test suite never does;
 * docs/WINDOWS.md lists how to exercise it on a Windows Server VM).
 *
 * <p>Each call opens and closes its own SCM and service handles: calls are rare (a poll every few
 * seconds at most) and a cached handle would go stale when a module's script reinstalls a service.
 */
public final class JnaServiceControl implements ServiceControl {
    private static final int QUERY = Winsvc.SERVICE_QUERY_STATUS;
    private static final int START = Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS;
    private static final int STOP = Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS;

    @Override
    public ServiceState query(String serviceName) {
        try (W32ServiceManager scm = openManager(); W32Service service = scm.openService(serviceName, QUERY)) {
            return ServiceState.fromWin32(service.queryStatus().dwCurrentState);
        } catch (Win32Exception e) {
            if (e.getErrorCode() == WinError.ERROR_SERVICE_DOES_NOT_EXIST) {
                return ServiceState.NOT_INSTALLED;
            }
            throw failure(serviceName, "query", e);
        }
    }

    @Override
    public void requestStart(String serviceName) {
        try (W32ServiceManager scm = openManager(); W32Service service = scm.openService(serviceName, START)) {
            if (!Advapi32.INSTANCE.StartService(service.getHandle(), 0, null)) {
                int error = Native.getLastError();
                if (error != WinError.ERROR_SERVICE_ALREADY_RUNNING) {
                    throw new Win32Exception(error);
                }
            }
        } catch (Win32Exception e) {
            throw failure(serviceName, "start", e);
        }
    }

    @Override
    public void requestStop(String serviceName) {
        try (W32ServiceManager scm = openManager(); W32Service service = scm.openService(serviceName, STOP)) {
            Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
            // ControlService only asks; W32Service.stopService() would block in a loop of its own.
            if (!Advapi32.INSTANCE.ControlService(service.getHandle(), Winsvc.SERVICE_CONTROL_STOP, status)) {
                int error = Native.getLastError();
                if (error != WinError.ERROR_SERVICE_NOT_ACTIVE) {
                    throw new Win32Exception(error);
                }
            }
        } catch (Win32Exception e) {
            throw failure(serviceName, "stop", e);
        }
    }

    private static W32ServiceManager openManager() {
        W32ServiceManager scm = new W32ServiceManager();
        scm.open(Winsvc.SC_MANAGER_CONNECT);
        return scm;
    }

    private static ServiceControlException failure(String name, String op, Win32Exception e) {
        return new ServiceControlException(name, op, e.getErrorCode(), e.getMessage());
    }
}

package org.duplex.windows.scm;

import org.duplex.common.UserError;

/**
 * The SCM refused an operation; carries the Win32 error code so logs can be matched against
 * Microsoft's documentation (e.g. 1058 ERROR_SERVICE_DISABLED, 5 ERROR_ACCESS_DENIED).
 */
public final class ServiceControlException extends UserError {
    private static final long serialVersionUID = 1L;

    private final int win32Error;

    public ServiceControlException(String serviceName, String operation, int win32Error, String detail) {
        super(Kind.FAILED, "service '" + serviceName + "': " + operation + " failed (Win32 error "
                + win32Error + ": " + detail + ")");
        this.win32Error = win32Error;
    }

    public int win32Error() {
        return win32Error;
    }
}

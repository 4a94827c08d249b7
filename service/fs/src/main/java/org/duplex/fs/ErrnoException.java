package org.duplex.fs;

import java.io.IOException;

/** A native call failed with an errno; the message names the call, the path and the errno. */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public ErrnoException(String what, int errno) {
        super(what + ": " + Errno.describe(errno));
        this.errno = Math.abs(errno);
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** Returns {@code result} when it is {@code >= 0}, else throws naming {@code what}. */
    public static long check(long result, String what) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(what, (int) -result);
        }
        return result;
    }
}

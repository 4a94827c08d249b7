package org.duplex.common;

/**
 * An error caused by what the user gave us (a command, a config file, a module archive) or by the
 * state of the world (a daemon that is down, a peer that refuses): the message alone must tell the
 * user what is wrong and where, so the CLI prints it without a stack trace.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; the CLI turns it into an exit code. */
    public enum Kind {
        /** Bad command-line arguments, config, or archive. */
        INVALID_INPUT,
        /** A named thing (module, node, file) does not exist. */
        NOT_FOUND,
        /** Something needed is not running or not reachable (daemon, peer). */
        UNAVAILABLE,
        /** The request is valid but not allowed in the current state (e.g. prim while the peer is PRIM). */
        REFUSED,
        /** The operation was attempted and failed (I/O error, script failure). */
        FAILED
    }

    private final Kind kind;

    public UserError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UserError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package org.duplex.tests.harness;

/** The harness could not do what a test asked (a script failed, a command timed out). */
public class HarnessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}

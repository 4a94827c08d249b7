package org.duplex.node.vip;

/**
 * Setting or removing a virtual IP failed; the message says which address, which interface and why
 * (address answered by another host, interface missing, command error with its output).
 */
public final class VipException extends Exception {
    private static final long serialVersionUID = 1L;

    public VipException(String message) {
        super(message);
    }
}

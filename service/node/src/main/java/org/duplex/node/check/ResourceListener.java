package org.duplex.node.check;

/**
 * Receives resource transitions from errd and the checkers. Called from driver threads; hand the
 * change to the engine's event queue and return. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface ResourceListener {
    void changed(ResourceChange change);
}

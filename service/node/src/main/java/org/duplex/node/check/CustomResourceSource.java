package org.duplex.node.check;

import java.util.Optional;

/**
 * Where a custom checker's value comes from: its program sets it with
 * {@code safekit set -r custom.<ident> -v up|down}, which reaches the daemon; the daemon implements
 * this to hand the last value set back to the checker.
 */
@FunctionalInterface
public interface CustomResourceSource {
    /** The last value set for {@code resource}, empty if never set. */
    Optional<ResourceValue> value(String resource);
}

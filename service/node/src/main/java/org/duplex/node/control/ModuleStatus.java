package org.duplex.node.control;

import java.util.Map;

/**
 * A module's state as the control API shows it, in SafeKit's words: {@code state} is STOP, WAIT,
 * ALONE, PRIM or SECOND, {@code qualifier} is Ready, Transient or NotReady, {@code color} is red,
 * orange or green, and {@code resources} are SafeKit resource names ({@code heartbeat.default},
 * {@code rfs.uptodate}, ...) with their values.
 */
public record ModuleStatus(
        String module,
        String state,
        String qualifier,
        String color,
        String detail,
        Map<String, String> resources) {

    public ModuleStatus {
        resources = Map.copyOf(resources);
    }
}

package org.duplex.node.generation;

import java.util.List;

/**
 * The on-disk JSON layout of {@link GenerationStore}, field for field (ids as strings, null when
 * absent). Kept apart from the engine's record so the file format can evolve with {@code format}.
 */
record GenerationFile(
        int format,
        String current,
        List<String> history,
        String syncPoint,
        long sequence,
        boolean resyncInProgress,
        boolean cleanStop,
        String lastRole,
        boolean createdByFailover) {}

package org.duplex.replication.primary;

import org.duplex.replication.mutation.Mutation;

/**
 * Fits a mutation to what the primary's local operation actually did, so the peer repeats exactly
 * that: the bytes a short write wrote, the bytes a copy-range copied, the times the primary's file
 * system set. Runs after the local operation, in the per-file order section of the pipeline.
 */
final class LocalOutcome {
    private LocalOutcome() {}

    static Mutation fit(Mutation mutation, int result, ReplicationPipeline.StatProbe probe) {
        return switch (mutation) {
            case Mutation.Write m -> m.truncatedTo(result).withMtime(probe.mtimeNanos(m.path()));
            case Mutation.CopyRange m -> new Mutation.CopyRange(m.source(), m.sourceOffset(), m.path(), m.offset(),
                    Math.min(m.length(), result), probe.mtimeNanos(m.path()));
            case Mutation.Truncate m -> m.withMtime(probe.mtimeNanos(m.path()));
            case Mutation.Fallocate m -> m.withMtime(probe.mtimeNanos(m.path()));
            case Mutation.Create m -> m.withMtime(probe.mtimeNanos(m.path()));
            case Mutation.Mknod m -> m.withMtime(probe.mtimeNanos(m.path()));
            case Mutation.SetTimes m -> new Mutation.SetTimes(m.path(),
                    m.atimeNanos() == Mutation.NOW ? probe.atimeNanos(m.path()) : m.atimeNanos(),
                    m.mtimeNanos() == Mutation.NOW ? probe.mtimeNanos(m.path()) : m.mtimeNanos());
            default -> mutation;
        };
    }
}

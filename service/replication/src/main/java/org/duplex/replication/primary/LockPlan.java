package org.duplex.replication.primary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;

/**
 * Which locks a mutation takes on the primary, so that its local application and its place in the
 * sequence agree with every operation it could conflict with.
 *
 * {@code orderKey} names the file whose per-file order section covers queueing (see
 * {@link ReplicationPipeline}).
 *
 * <ul>
 *   <li>Operations that change names (create, mkdir, mknod, symlink, link, unlink, rmdir, rename)
 *       take the namespace lock exclusively: they are ordered against everything in flight, so a
 *       write sent by path always names the file it wrote.</li>
 *   <li>Everything else takes it shared, plus byte-range locks: a write its own range, content and
 *       attribute changes the whole file, copy-range the whole source and the target range.</li>
 *   <li>fsync takes no range: it covers what was already sent before it (writes are sent before
 *       they return to the application).</li>
 * </ul>
 */
record LockPlan(boolean exclusive, List<FileRange> ranges, Object orderKey) {
    /**
     * One byte range of one file; {@code length} {@link RangeLocks#WHOLE_FILE} means to the end.
     * {@code file} is the file's identity (its inode when known, so hard links share locks).
     */
    record FileRange(Object file, long offset, long length) {}

    /** The plan with files named by path (for deciding exclusivity; see {@link #of(Mutation, ReplicationPipeline.FileIdentity)}). */
    static LockPlan of(Mutation mutation) {
        return of(mutation, ReplicationPipeline.FileIdentity.PATH);
    }

    static LockPlan of(Mutation mutation, ReplicationPipeline.FileIdentity identity) {
        return switch (mutation) {
            case Create m -> exclusiveNamespace(m);
            case Mkdir m -> exclusiveNamespace(m);
            case Mknod m -> exclusiveNamespace(m);
            case Symlink m -> exclusiveNamespace(m);
            case Link m -> exclusiveNamespace(m);
            case Unlink m -> exclusiveNamespace(m);
            case Rmdir m -> exclusiveNamespace(m);
            case Rename m -> exclusiveNamespace(m);
            case Write m -> {
                Object file = identity.of(m.path());
                yield shared(file, new FileRange(file, m.offset(), m.data().length));
            }
            case CopyRange m -> {
                Object source = identity.of(m.source());
                Object target = identity.of(m.path());
                yield source.equals(target) ? shared(target, whole(target))
                        : shared(target, whole(source), new FileRange(target, m.offset(), m.length()));
            }
            case Fsync m -> shared(m.path());
            default -> {
                Object file = identity.of(mutation.path());
                yield shared(file, whole(file));
            }
        };
    }

    private static LockPlan exclusiveNamespace(Mutation mutation) {
        return new LockPlan(true, List.of(), mutation.path());
    }

    /** Shared namespace lock plus {@code ranges}, sorted by file so two plans never lock in opposite orders. */
    private static LockPlan shared(Object orderKey, FileRange... ranges) {
        List<FileRange> sorted = new ArrayList<>(List.of(ranges));
        sorted.sort(Comparator.comparing((FileRange r) -> r.file().toString()).thenComparingLong(FileRange::offset));
        return new LockPlan(false, List.copyOf(sorted), orderKey);
    }

    private static FileRange whole(Object file) {
        return new FileRange(file, 0, RangeLocks.WHOLE_FILE);
    }
}

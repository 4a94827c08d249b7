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
record LockPlan(boolean exclusive, List<FileRange> ranges) {
    /** One byte range of one file; {@code length} {@link RangeLocks#WHOLE_FILE} means to the end. */
    record FileRange(String path, long offset, long length) {}

    static LockPlan of(Mutation mutation) {
        return switch (mutation) {
            case Create m -> exclusiveNamespace();
            case Mkdir m -> exclusiveNamespace();
            case Mknod m -> exclusiveNamespace();
            case Symlink m -> exclusiveNamespace();
            case Link m -> exclusiveNamespace();
            case Unlink m -> exclusiveNamespace();
            case Rmdir m -> exclusiveNamespace();
            case Rename m -> exclusiveNamespace();
            case Write m -> shared(new FileRange(m.path(), m.offset(), m.data().length));
            case CopyRange m -> m.source().equals(m.path())
                    ? shared(whole(m.path()))
                    : shared(whole(m.source()), new FileRange(m.path(), m.offset(), m.length()));
            case Fsync m -> shared();
            default -> shared(whole(mutation.path()));
        };
    }

    private static LockPlan exclusiveNamespace() {
        return new LockPlan(true, List.of());
    }

    /** Shared namespace lock plus {@code ranges}, sorted by path so two plans never lock in opposite orders. */
    private static LockPlan shared(FileRange... ranges) {
        List<FileRange> sorted = new ArrayList<>(List.of(ranges));
        sorted.sort(Comparator.comparing(FileRange::path).thenComparingLong(FileRange::offset));
        return new LockPlan(false, List.copyOf(sorted));
    }

    private static FileRange whole(String path) {
        return new FileRange(path, 0, RangeLocks.WHOLE_FILE);
    }
}

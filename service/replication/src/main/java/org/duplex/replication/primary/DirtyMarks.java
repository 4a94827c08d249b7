package org.duplex.replication.primary;

import java.io.IOException;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;
import org.duplex.resync.DirtyRecorder;

/**
 * Which {@link DirtyRecorder} calls describe a mutation the peer may not have. One place, so the
 * "peer absent" path and the "in flight when the link died" path record the same things.
 *
 * <ul>
 *   <li>content ranges (write, fallocate, copy-range target) are dirty regions;</li>
 *   <li>anything that changes an entry itself (size, existence, mode, owner, times, xattrs, links)
 *       is an entry change, compared by name at reintegration;</li>
 *   <li>a rename records both names as changed and, once it happened, the rename itself so dirty
 *       regions follow the file. An exchange records only the two names.</li>
 * </ul>
 */
final class DirtyMarks {
    private DirtyMarks() {}

    /** Records {@code mutation}, which the peer does not have; called before or after the local op. */
    static void recordMissing(DirtyRecorder recorder, Mutation mutation, boolean happened) throws IOException {
        switch (mutation) {
            case Write m -> recorder.markDirty(m.path(), m.offset(), m.data().length);
            case Fallocate m -> {
                recorder.markDirty(m.path(), m.offset(), m.length());
                recorder.markEntryChanged(m.path());
            }
            case CopyRange m -> recorder.markDirty(m.path(), m.offset(), m.length());
            case Rename m -> {
                recorder.markEntryChanged(m.path());
                recorder.markEntryChanged(m.target());
                if (happened && m.mode() != RenameMode.EXCHANGE) {
                    recorder.markRenamed(m.path(), m.target());
                }
            }
            case Link m -> recorder.markEntryChanged(m.path());
            case Fsync m -> { } // a barrier changes nothing
            default -> recorder.markEntryChanged(mutation.path());
        }
    }

    /** After a successful local rename while alone: only the move itself is left to record. */
    static void afterLocalAlone(DirtyRecorder recorder, Mutation mutation) throws IOException {
        if (mutation instanceof Rename m && m.mode() != RenameMode.EXCHANGE) {
            recorder.markRenamed(m.path(), m.target());
        }
    }

    /** Marks the content range a mutation is about to write as hot (connected path, before the local op). */
    static void beforeLocal(DirtyRecorder recorder, Mutation mutation) throws IOException {
        switch (mutation) {
            case Write m -> recorder.beforeWrite(m.path(), m.offset(), m.data().length);
            case Fallocate m -> recorder.beforeWrite(m.path(), m.offset(), m.length());
            case CopyRange m -> recorder.beforeWrite(m.path(), m.offset(), m.length());
            default -> { } // DirtyRecorder has no "before" call for entry changes (see README, known gaps)
        }
    }

    /** Bytes of memory a mutation holds while in flight (its data plus a fixed overhead). */
    static long bytesOf(Mutation mutation) {
        return switch (mutation) {
            case Write m -> m.data().length + 64L;
            case SetXattr m -> m.value().length + 64L;
            default -> 64L;
        };
    }
}

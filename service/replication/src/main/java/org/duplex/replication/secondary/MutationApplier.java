package org.duplex.replication.secondary;

import java.io.IOException;
import org.duplex.replication.mutation.Mutation;

/**
 * Performs a mutation on the secondary's copy of the replicated directory. Implementations must
 * refuse (with {@link PathEscapeException}) any path that would resolve outside the root, and must
 * make an {@link Mutation.Fsync} durable before returning. Called from one thread, in stream order.
 */
public interface MutationApplier extends AutoCloseable {
    void apply(Mutation mutation) throws IOException;

    @Override
    void close();
}

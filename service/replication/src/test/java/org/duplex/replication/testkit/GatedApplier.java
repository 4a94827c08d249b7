package org.duplex.replication.testkit;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.secondary.MutationApplier;

/** A secondary applier whose disk step can be held shut, as a stalled disk would be. */
public final class GatedApplier implements MutationApplier {
    private final MutationApplier delegate;
    private boolean closed;
    private final AtomicInteger waiting = new AtomicInteger();

    public GatedApplier(MutationApplier delegate) {
        this.delegate = delegate;
    }

    public synchronized void shut() {
        closed = true;
    }

    public synchronized void open() {
        closed = false;
        notifyAll();
    }

    /** Number of mutations waiting at the gate. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void apply(Mutation mutation) throws IOException {
        synchronized (this) {
            waiting.incrementAndGet();
            try {
                while (closed) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the gate");
            } finally {
                waiting.decrementAndGet();
            }
        }
        delegate.apply(mutation);
    }

    @Override
    public void close() {
        open();
        delegate.close();
    }
}

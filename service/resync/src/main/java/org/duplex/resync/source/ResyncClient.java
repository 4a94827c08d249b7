package org.duplex.resync.source;

import java.io.IOException;
import org.duplex.resync.protocol.ResyncChannel;
import org.duplex.resync.protocol.ResyncReply;
import org.duplex.resync.protocol.ResyncRequest;

/** Typed calls over a {@link ResyncChannel}: a {@code Failed} or unexpected reply becomes an IOException. */
public final class ResyncClient {
    private final ResyncChannel channel;

    public ResyncClient(ResyncChannel channel) {
        this.channel = channel;
    }

    public <R extends ResyncReply> R call(ResyncRequest request, Class<R> expected) throws IOException {
        ResyncReply reply = channel.call(request);
        if (reply instanceof ResyncReply.Failed f) {
            throw new IOException(f.message());
        }
        if (!expected.isInstance(reply)) {
            throw new IOException("resync: " + request.getClass().getSimpleName() + " got "
                    + reply.getClass().getSimpleName() + ", expected " + expected.getSimpleName());
        }
        return expected.cast(reply);
    }
}

package org.duplex.replication.primary;

import java.io.IOException;
import org.duplex.replication.link.Connection;
import org.duplex.replication.link.FrameSender;
import org.duplex.replication.wire.Frame;
import org.duplex.replication.wire.FrameFormat;
import org.duplex.replication.wire.Hello;

/**
 * One connected stream to the secondary: the sender thread for mutation frames and the reader
 * thread for acks. It reports acks and the first failure to its {@link Events}; it decides nothing.
 */
final class PeerSession {
    /** What the session reports; {@link ReplicationPipeline} implements it. */
    interface Events {
        void ackReceived(PeerSession session, long sequence);

        void ackDurable(PeerSession session, long sequence);

        void failed(PeerSession session, String reason);
    }

    private final Connection connection;
    private final FrameFormat format;
    private final Events events;
    private final FrameSender sender;
    private final Thread reader;

    PeerSession(Connection connection, FrameFormat format, Events events) {
        this.connection = connection;
        this.format = format;
        this.events = events;
        this.sender = new FrameSender("replication-send", format, connection.output(),
                e -> events.failed(this, "sending to the peer failed: " + e.getMessage()));
        this.reader = Thread.ofPlatform().name("replication-acks").daemon().unstarted(this::readAcks);
    }

    void start() {
        sender.start();
        reader.start();
    }

    void send(Frame frame) {
        sender.send(frame);
    }

    String peer() {
        return connection.describe();
    }

    FrameSender sender() {
        return sender;
    }

    /** Stops both threads by closing the connection (unblocks a blocked read or write). */
    void close() {
        sender.stop();
        connection.close();
    }

    private void readAcks() {
        try {
            while (true) {
                Frame frame = format.read(connection.input());
                if (frame == null) {
                    events.failed(this, "the peer closed the connection");
                    return;
                }
                switch (frame.type()) {
                    case ACK_RECEIVED -> events.ackReceived(this, frame.sequence());
                    case ACK_DURABLE -> events.ackDurable(this, frame.sequence());
                    case REJECT -> {
                        events.failed(this, "the peer stopped the stream: " + Hello.rejectReason(frame));
                        return;
                    }
                    default -> {
                        events.failed(this, "unexpected " + frame + " from the peer (only acks are expected)");
                        return;
                    }
                }
            }
        } catch (IOException e) {
            events.failed(this, "reading acks from the peer failed: " + e.getMessage());
        }
    }
}

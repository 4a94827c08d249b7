package org.duplex.replication.wire;

import java.util.Optional;
import org.duplex.replication.mutation.Mutation;

/**
 * The frame types of protocol version 1 and their one-byte wire codes (docs/PROTOCOL.md). Codes are
 * never reused: a new operation gets a new code, and a peer that does not know a code rejects the
 * frame rather than guess.
 */
public enum FrameType {
    /** Primary to secondary, first frame: protocol version, module identity, first sequence number. */
    HELLO(1),
    /** Secondary to primary: the handshake is accepted. */
    WELCOME(2),
    /** Either way: the handshake or the stream is refused; the payload is the reason in UTF-8. */
    REJECT(3),

    WRITE(16),
    TRUNCATE(17),
    CREATE(18),
    MKDIR(19),
    MKNOD(20),
    SYMLINK(21),
    LINK(22),
    UNLINK(23),
    RMDIR(24),
    RENAME(25),
    CHMOD(26),
    CHOWN(27),
    SET_TIMES(28),
    FALLOCATE(29),
    COPY_RANGE(30),
    SET_XATTR(31),
    REMOVE_XATTR(32),
    FSYNC(33),

    /** Secondary to primary: every mutation with a sequence number up to the frame's has been received. */
    ACK_RECEIVED(64),
    /** Secondary to primary: every mutation up to the frame's sequence is applied, and fsync frames made durable. */
    ACK_DURABLE(65);

    public final int code;

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    FrameType(int code) {
        this.code = code;
    }

    /** The type with this code, or empty for a code this version does not know. */
    public static Optional<FrameType> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }

    /** Whether frames of this type carry a {@link Mutation}. */
    public boolean isMutation() {
        return code >= WRITE.code && code <= FSYNC.code;
    }

    /** The frame type that carries {@code mutation}. */
    public static FrameType of(Mutation mutation) {
        return switch (mutation) {
            case Mutation.Write m -> WRITE;
            case Mutation.Truncate m -> TRUNCATE;
            case Mutation.Create m -> CREATE;
            case Mutation.Mkdir m -> MKDIR;
            case Mutation.Mknod m -> MKNOD;
            case Mutation.Symlink m -> SYMLINK;
            case Mutation.Link m -> LINK;
            case Mutation.Unlink m -> UNLINK;
            case Mutation.Rmdir m -> RMDIR;
            case Mutation.Rename m -> RENAME;
            case Mutation.Chmod m -> CHMOD;
            case Mutation.Chown m -> CHOWN;
            case Mutation.SetTimes m -> SET_TIMES;
            case Mutation.Fallocate m -> FALLOCATE;
            case Mutation.CopyRange m -> COPY_RANGE;
            case Mutation.SetXattr m -> SET_XATTR;
            case Mutation.RemoveXattr m -> REMOVE_XATTR;
            case Mutation.Fsync m -> FSYNC;
        };
    }
}

package org.duplex.replication.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;

/**
 * Encodes a {@link Mutation} as a frame payload and back. Strings are a u16 byte count and UTF-8;
 * byte arrays a u32 count and the bytes; numbers big-endian. Decoding is strict: a short payload,
 * trailing bytes, bad UTF-8 or an invalid path is a {@link ProtocolException}, never a half-built
 * mutation.
 */
public final class MutationCodec {
    private MutationCodec() {}

    /** The frame that carries {@code mutation} with sequence number {@code sequence}. */
    public static Frame toFrame(long sequence, Mutation mutation) {
        return new Frame(FrameType.of(mutation), 0, sequence, encode(mutation));
    }

    public static byte[] encode(Mutation mutation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(mutation instanceof Write w ? w.data().length + 64 : 64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            writeBody(mutation, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void writeBody(Mutation mutation, DataOutputStream out) throws IOException {
        switch (mutation) {
            case Write m -> { string(out, m.path()); out.writeLong(m.offset()); out.writeLong(m.mtimeNanos()); bytes(out, m.data()); }
            case Truncate m -> { string(out, m.path()); out.writeLong(m.size()); out.writeLong(m.mtimeNanos()); }
            case Create m -> { string(out, m.path()); out.writeInt(m.mode()); out.writeInt(m.uid()); out.writeInt(m.gid()); out.writeLong(m.mtimeNanos()); }
            case Mkdir m -> { string(out, m.path()); out.writeInt(m.mode()); out.writeInt(m.uid()); out.writeInt(m.gid()); }
            case Mknod m -> { string(out, m.path()); out.writeInt(m.mode()); out.writeLong(m.rdev()); out.writeInt(m.uid()); out.writeInt(m.gid()); out.writeLong(m.mtimeNanos()); }
            case Symlink m -> { string(out, m.path()); string(out, m.target()); out.writeInt(m.uid()); out.writeInt(m.gid()); }
            case Link m -> { string(out, m.existing()); string(out, m.path()); }
            case Unlink m -> string(out, m.path());
            case Rmdir m -> string(out, m.path());
            case Rename m -> { string(out, m.path()); string(out, m.target()); out.writeInt(m.mode().linuxFlag); }
            case Chmod m -> { string(out, m.path()); out.writeInt(m.mode()); }
            case Chown m -> { string(out, m.path()); out.writeInt(m.uid()); out.writeInt(m.gid()); }
            case SetTimes m -> { string(out, m.path()); out.writeLong(m.atimeNanos()); out.writeLong(m.mtimeNanos()); }
            case Fallocate m -> { string(out, m.path()); out.writeInt(m.mode()); out.writeLong(m.offset()); out.writeLong(m.length()); out.writeLong(m.mtimeNanos()); }
            case CopyRange m -> { string(out, m.source()); out.writeLong(m.sourceOffset()); string(out, m.path()); out.writeLong(m.offset()); out.writeLong(m.length()); out.writeLong(m.mtimeNanos()); }
            case SetXattr m -> { string(out, m.path()); string(out, m.name()); bytes(out, m.value()); out.writeInt(m.flags()); }
            case RemoveXattr m -> { string(out, m.path()); string(out, m.name()); }
            case Fsync m -> { string(out, m.path()); out.writeBoolean(m.dataOnly()); }
        }
    }

    /** Decodes a mutation frame's payload; throws {@link ProtocolException} naming the frame if it is malformed. */
    public static Mutation decode(Frame frame) throws ProtocolException {
        if (!frame.type().isMutation()) {
            throw new ProtocolException(ProtocolException.Reason.UNEXPECTED_FRAME, frame + " is not a mutation");
        }
        ByteBuffer in = ByteBuffer.wrap(frame.payload());
        Mutation mutation;
        try {
            mutation = readBody(frame.type(), in);
        } catch (BufferUnderflowException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_PAYLOAD, frame + " payload is too short for a " + frame.type());
        } catch (IllegalArgumentException e) {
            ProtocolException.Reason reason = e.getMessage() != null && e.getMessage().startsWith("path ")
                    ? ProtocolException.Reason.BAD_PATH : ProtocolException.Reason.MALFORMED_PAYLOAD;
            throw new ProtocolException(reason, frame + ": " + e.getMessage(), e);
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_PAYLOAD,
                    frame + " has " + in.remaining() + " bytes after the " + frame.type() + " fields");
        }
        return mutation;
    }

    private static Mutation readBody(FrameType type, ByteBuffer in) {
        return switch (type) {
            case WRITE -> { String p = string(in); long off = in.getLong(); long mt = in.getLong(); yield new Write(p, off, bytes(in), mt); }
            case TRUNCATE -> new Truncate(string(in), in.getLong(), in.getLong());
            case CREATE -> new Create(string(in), in.getInt(), in.getInt(), in.getInt(), in.getLong());
            case MKDIR -> new Mkdir(string(in), in.getInt(), in.getInt(), in.getInt());
            case MKNOD -> new Mknod(string(in), in.getInt(), in.getLong(), in.getInt(), in.getInt(), in.getLong());
            case SYMLINK -> new Symlink(string(in), string(in), in.getInt(), in.getInt());
            case LINK -> new Link(string(in), string(in));
            case UNLINK -> new Unlink(string(in));
            case RMDIR -> new Rmdir(string(in));
            case RENAME -> new Rename(string(in), string(in), RenameMode.fromLinuxFlag(in.getInt()));
            case CHMOD -> new Chmod(string(in), in.getInt());
            case CHOWN -> new Chown(string(in), in.getInt(), in.getInt());
            case SET_TIMES -> new SetTimes(string(in), in.getLong(), in.getLong());
            case FALLOCATE -> new Fallocate(string(in), in.getInt(), in.getLong(), in.getLong(), in.getLong());
            case COPY_RANGE -> new CopyRange(string(in), in.getLong(), string(in), in.getLong(), in.getLong(), in.getLong());
            case SET_XATTR -> new SetXattr(string(in), string(in), bytes(in), in.getInt());
            case REMOVE_XATTR -> new RemoveXattr(string(in), string(in));
            case FSYNC -> new Fsync(string(in), readBoolean(in));
            default -> throw new IllegalStateException("not a mutation type: " + type);
        };
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xffff) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes does not fit a u16 length");
        }
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static String string(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] utf8 = new byte[length];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string field is not valid UTF-8");
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static boolean readBoolean(ByteBuffer in) {
        byte b = in.get();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("boolean field is " + b + ", expected 0 or 1");
        }
        return b == 1;
    }
}

package org.duplex.replication.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.duplex.replication.mutation.Mutation;
import org.duplex.replication.mutation.Mutation.*;
import org.duplex.replication.mutation.RenameMode;

/** Every mutation survives encode, framing, the byte stream, frame checks and decode unchanged. */
class MutationCodecPropertiesTest {
    private final FrameFormat format = new FrameFormat(FrameFormat.DEFAULT_MAX_PAYLOAD_BYTES);

    @Property(tries = 2000)
    void everyMutationRoundTripsThroughAFrame(@ForAll("mutations") Mutation mutation, @ForAll("sequences") long sequence)
            throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        format.write(MutationCodec.toFrame(sequence, mutation), stream);

        Frame frame = format.read(new ByteArrayInputStream(stream.toByteArray()));

        assertThat(frame.sequence()).isEqualTo(sequence);
        assertThat(frame.type()).isEqualTo(FrameType.of(mutation));
        assertThat(MutationCodec.decode(frame)).isEqualTo(mutation);
    }

    @Property(tries = 300)
    void consecutiveFramesAreReadBackInOrderAndTheStreamEndsCleanly(@ForAll("mutations") Mutation first,
            @ForAll("mutations") Mutation second) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        format.write(MutationCodec.toFrame(1, first), stream);
        format.write(MutationCodec.toFrame(2, second), stream);
        ByteArrayInputStream in = new ByteArrayInputStream(stream.toByteArray());

        assertThat(MutationCodec.decode(format.read(in))).isEqualTo(first);
        assertThat(MutationCodec.decode(format.read(in))).isEqualTo(second);
        assertThat(format.read(in)).isNull();
    }

    @Provide
    Arbitrary<Long> sequences() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> path = paths();
        Arbitrary<Long> offset = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        Arbitrary<Long> time = Arbitraries.oneOf(Arbitraries.just(Mutation.NO_TIME), Arbitraries.longs());
        Arbitrary<Integer> id = Arbitraries.integers().between(-1, 70000);
        Arbitrary<Integer> mode = Arbitraries.integers().between(0, 07777);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        return Arbitraries.oneOf(
                Combinators.combine(path, offset, data, time).as(Write::new),
                Combinators.combine(path, offset, time).as(Truncate::new),
                Combinators.combine(path, mode, id, id, time).as(Create::new),
                Combinators.combine(path, mode, id, id).as(Mkdir::new),
                Combinators.combine(path, Arbitraries.integers(), Arbitraries.longs(), id, id, time).as(Mknod::new),
                Combinators.combine(path, Arbitraries.strings().ofMinLength(1).ofMaxLength(300).filter(t -> t.indexOf('\0') < 0), id, id)
                        .as(Symlink::new),
                Combinators.combine(path, path).as(Link::new),
                path.map(Unlink::new),
                path.map(Rmdir::new),
                Combinators.combine(path, path, Arbitraries.of(RenameMode.class)).as(Rename::new),
                Combinators.combine(path, mode).as(Chmod::new),
                Combinators.combine(path, id, id).as(Chown::new),
                Combinators.combine(path, time, time).as(SetTimes::new),
                Combinators.combine(path, Arbitraries.of(0, Fallocate.KEEP_SIZE, Fallocate.KEEP_SIZE | Fallocate.PUNCH_HOLE, Fallocate.ZERO_RANGE),
                        offset, Arbitraries.longs().between(1, 1L << 40), time).as(Fallocate::new),
                Combinators.combine(path, offset, path, offset, Arbitraries.longs().between(0, 1L << 40), time).as(CopyRange::new),
                Combinators.combine(path, Arbitraries.of("user.a", "user.checksum", "trusted.x", "security.selinux"), data,
                        Arbitraries.of(0, 1, 2)).as(SetXattr::new),
                Combinators.combine(path, Arbitraries.of("user.a", "user.b")).as(RemoveXattr::new),
                Combinators.combine(path, Arbitraries.of(true, false)).as(Fsync::new));
    }

    private static Arbitrary<String> paths() {
        Arbitrary<String> component = Arbitraries.strings().withCharRange('a', 'z').withChars("é€ ._-0").ofMinLength(1).ofMaxLength(12)
                .filter(c -> !c.equals(".") && !c.equals(".."));
        return Arbitraries.oneOf(Arbitraries.just("."), component.list().ofMinSize(1).ofMaxSize(5).map(c -> String.join("/", c)));
    }
}

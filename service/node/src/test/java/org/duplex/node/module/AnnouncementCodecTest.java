package org.duplex.node.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.duplex.engine.Announcement;
import org.duplex.engine.Qualifier;
import org.duplex.engine.State;
import org.duplex.engine.generation.GenerationView;
import org.duplex.node.heartbeat.HeartbeatMessage;
import org.junit.jupiter.api.Test;

class AnnouncementCodecTest {

    private static Announcement random(SplittableRandom r) {
        List<UUID> history = new ArrayList<>();
        int n = r.nextInt(17);
        for (int i = 0; i < n; i++) {
            history.add(new UUID(r.nextLong(), r.nextLong()));
        }
        UUID current = history.isEmpty() && r.nextBoolean() ? null : new UUID(r.nextLong(), r.nextLong());
        GenerationView view = new GenerationView(current, current == null ? List.of() : history, r.nextBoolean(),
                State.values()[r.nextInt(State.values().length)], r.nextBoolean());
        return new Announcement(State.values()[r.nextInt(State.values().length)],
                Qualifier.values()[r.nextInt(Qualifier.values().length)], r.nextBoolean(), view, r.nextBoolean(),
                r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
    }

    @Test
    void roundTripsAndFitsOneHeartbeat() throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("AnnouncementCodecTest seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            Announcement a = random(r);
            long sent = r.nextLong(0, Long.MAX_VALUE);
            long echo = r.nextLong(-1, Long.MAX_VALUE);
            byte[] bytes = AnnouncementCodec.encode(sent, echo, a);
            assertThat(bytes.length).as("seed %d", seed).isLessThanOrEqualTo(HeartbeatMessage.STATE_BYTES_MAX);
            assertThat(AnnouncementCodec.decode(bytes)).as("seed %d", seed)
                    .isEqualTo(new AnnouncementCodec.Payload(sent, echo, a));
        }
    }

    @Test
    void malformedPayloadsAreClearErrors() {
        Announcement a = random(new SplittableRandom(1));
        byte[] good = AnnouncementCodec.encode(5, 6, a);

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> AnnouncementCodec.decode(truncated)).hasMessageContaining("truncated");

        byte[] version = good.clone();
        version[0] = 9;
        assertThatThrownBy(() -> AnnouncementCodec.decode(version)).hasMessageContaining("version 9");

        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> AnnouncementCodec.decode(trailing)).hasMessageContaining("trailing");

        byte[] state = good.clone();
        state[17] = 42;
        assertThatThrownBy(() -> AnnouncementCodec.decode(state)).hasMessageContaining("state code 42");
    }
}

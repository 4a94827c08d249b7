package org.duplex.replication.primary;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplex.replication.mutation.Mutation;
import org.junit.jupiter.api.Test;

class AckWindowTest {
    private final AckWindow window = new AckWindow(0);

    private long send(String path) {
        return window.add(new Mutation.Unlink(path), 100);
    }

    @Test
    void acksAreCumulativeAndDurableImpliesReceived() {
        long first = send("a");
        long second = send("b");
        long third = send("c");

        assertThat(window.ackReceived(second)).isTrue();
        assertThat(window.isAcked(first, AsyncMode.SECOND, false)).isTrue();
        assertThat(window.isAcked(second, AsyncMode.SECOND, false)).isTrue();
        assertThat(window.isAcked(third, AsyncMode.SECOND, false)).isFalse();
        assertThat(window.isAcked(first, AsyncMode.NONE, false)).as("none waits for durable").isFalse();
        assertThat(window.isAcked(first, AsyncMode.SECOND, true)).as("fsync waits for durable").isFalse();

        assertThat(window.ackDurable(third)).isTrue();
        assertThat(window.isAcked(third, AsyncMode.NONE, true)).isTrue();
        assertThat(window.received()).isEqualTo(third);
        assertThat(window.size()).isZero();
        assertThat(window.bytesInFlight()).isZero();
    }

    @Test
    void entriesStayUntilDurableEvenWhenReceived() {
        send("a");
        long second = send("b");
        window.ackReceived(second);
        window.ackDurable(1);

        assertThat(window.unapplied()).extracting(e -> e.mutation().path()).containsExactly("b");
        assertThat(window.bytesInFlight()).isEqualTo(100);
    }

    @Test
    void anAckForANumberNeverSentIsRefusedAndChangesNothing() {
        send("a");
        assertThat(window.ackReceived(5)).isFalse();
        assertThat(window.ackDurable(2)).isFalse();
        assertThat(window.received()).isZero();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void anOldAckNeverMovesAMarkBack() {
        send("a");
        long second = send("b");
        window.ackDurable(second);
        window.ackDurable(1);
        window.ackReceived(1);
        assertThat(window.durable()).isEqualTo(second);
        assertThat(window.received()).isEqualTo(second);
    }

    @Test
    void clearingAfterALossCountsEverythingSentAsSettledAndNumbersGoOn() {
        send("a");
        send("b");
        window.clear();
        assertThat(window.isAcked(2, AsyncMode.NONE, true)).isTrue();
        assertThat(send("c")).isEqualTo(3);
        assertThat(window.isAcked(3, AsyncMode.NONE, false)).isFalse();
    }
}

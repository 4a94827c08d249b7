package org.duplex.windows.scm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceProcCountTest {

    @Test
    void aServiceCountsWhileItsProcessIsThereAndNotLeaving() {
        Map<ServiceState, Integer> expected = new EnumMap<>(ServiceState.class);
        expected.put(ServiceState.RUNNING, 1);
        expected.put(ServiceState.START_PENDING, 1);
        expected.put(ServiceState.CONTINUE_PENDING, 1);
        expected.put(ServiceState.PAUSE_PENDING, 1);
        expected.put(ServiceState.PAUSED, 1);
        expected.put(ServiceState.STOPPED, 0);
        expected.put(ServiceState.STOP_PENDING, 0);
        expected.put(ServiceState.NOT_INSTALLED, 0);
        assertThat(expected).hasSize(ServiceState.values().length);
        expected.forEach((state, count) -> {
            var scm = new FakeServiceControl().with("postgresql-x64-13", state);
            assertThat(new ServiceProcCount(scm).count("postgresql-x64-13")).as(state.name()).isEqualTo(count);
        });
        assertThat(new ServiceProcCount(new FakeServiceControl()).count("missing")).isZero();
    }
}

package org.duplex.config;

import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafeDurationTest {
    @Test
    void everyUnitAndTheDefaultUnit() {
        assertThat(SafeDuration.parse("700", MILLIS)).isEqualTo(Duration.ofMillis(700));
        assertThat(SafeDuration.parse("24", HOURS)).isEqualTo(Duration.ofHours(24));
        assertThat(SafeDuration.parse("2d", HOURS)).isEqualTo(Duration.ofDays(2));
        assertThat(SafeDuration.parse("90m", SECONDS)).isEqualTo(Duration.ofMinutes(90));
        assertThat(SafeDuration.parse("30s", MILLIS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SafeDuration.parse(" 1500 ms ", MILLIS)).isEqualTo(Duration.ofMillis(1500));
        assertThat(SafeDuration.parse("3000us", MILLIS)).isEqualTo(Duration.ofMillis(3));
        assertThat(SafeDuration.parse("0", SECONDS)).isZero();
    }

    @Test
    void valuesCountInWholeDefaultUnitsLikeSafeKit() {
        assertThat(SafeDuration.parse("1500ms", SECONDS)).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> SafeDuration.parse("500ms", SECONDS))
                .hasMessageContaining("rounds to 0").hasMessageContaining("expected time unit: 's'");
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatThrownBy(() -> SafeDuration.parse("-1s", SECONDS)).hasMessageContaining("negative");
        assertThatThrownBy(() -> SafeDuration.parse("1.5s", SECONDS)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> SafeDuration.parse("10 minutes", SECONDS)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> SafeDuration.parse("", SECONDS)).hasMessageContaining("not a duration");
    }
}

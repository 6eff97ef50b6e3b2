package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrackerConfigTest {

  @Test
  void defaults_areFiveMinutesTwentySecondsAndQuarterMillion() {
    assertThat(TrackerConfig.defaults())
        .isEqualTo(new TrackerConfig(Duration.ofMinutes(5), Duration.ofSeconds(20), 262_144));
  }

  @Test
  void new_zeroIdleTimeout_namesTheKey() {
    assertThatThrownBy(() -> new TrackerConfig(Duration.ZERO, Duration.ofSeconds(1), 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tcp.idle-timeout must be positive: PT0S");
  }

  @Test
  void new_negativeConnectTimeout_namesTheKey() {
    assertThatThrownBy(() -> new TrackerConfig(Duration.ofSeconds(1), Duration.ofSeconds(-1), 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tcp.connect-timeout must be positive: PT-1S");
  }

  @Test
  void new_maxTrackedOutOfRange_namesTheKey() {
    assertThatThrownBy(() -> new TrackerConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 15))
        .hasMessage("tcp.max-tracked must be between 16 and 33554432: 15");
    assertThatThrownBy(
            () -> new TrackerConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), (1 << 25) + 1))
        .hasMessage("tcp.max-tracked must be between 16 and 33554432: 33554433");
  }

  @Test
  void new_nullDuration_namesTheKey() {
    assertThatThrownBy(() -> new TrackerConfig(null, Duration.ofSeconds(1), 16))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tcp.idle-timeout");
  }
}

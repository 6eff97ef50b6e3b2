package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UdpFlowTest {
  private static final IpAddress A = IpAddress.parse("10.0.0.1");
  private static final IpAddress B = IpAddress.parse("10.0.0.2");

  @Test
  void open_isNotAnOutcomeOfAFlowRecord() {
    assertThatThrownBy(
            () -> new UdpFlow(A, 1, B, 2, Instant.EPOCH, Duration.ZERO, 0, 0, 0, 0, Outcome.OPEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("open");
  }

  @Test
  void negativeCounts_areRefused() {
    assertThatThrownBy(
            () ->
                new UdpFlow(A, 1, B, 2, Instant.EPOCH, Duration.ZERO, 0, 0, -1, 0, Outcome.CLOSED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}

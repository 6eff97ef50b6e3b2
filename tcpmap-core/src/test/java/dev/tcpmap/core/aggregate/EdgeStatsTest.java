package dev.tcpmap.core.aggregate;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EdgeStatsTest {
  private static final EdgeKey KEY =
      new EdgeKey(
          Endpoint.ofIp(IpAddress.parse("10.0.0.1")), Endpoint.ofIp(IpAddress.parse("::1")), 80);
  private static final OutcomeCounts ONE = new OutcomeCounts(1, 0, 0, 0, 0, 0);

  @Test
  void new_connectionsDifferFromOutcomes_throws() {
    assertThatThrownBy(
            () -> new EdgeStats(KEY, 2, ONE, 0, 0, 0, Duration.ZERO, Duration.ZERO, T0, T0))
        .hasMessageContaining("equal the outcome total");
  }

  @Test
  void new_maxAboveSum_throws() {
    assertThatThrownBy(
            () -> new EdgeStats(KEY, 1, ONE, 0, 0, 0, Duration.ZERO, Duration.ofSeconds(1), T0, T0))
        .hasMessageContaining("durationMax");
  }

  @Test
  void new_lastSeenBeforeFirstStart_throws() {
    assertThatThrownBy(
            () ->
                new EdgeStats(
                    KEY, 1, ONE, 0, 0, 0, Duration.ZERO, Duration.ZERO, T0, T0.minusNanos(1)))
        .hasMessageContaining("lastSeen is before firstStart");
  }

  @Test
  void newKey_portOutOfRange_throws() {
    assertThatThrownBy(() -> new EdgeKey(KEY.client(), KEY.server(), 65_536))
        .hasMessage("serverPort out of range: 65536");
  }
}

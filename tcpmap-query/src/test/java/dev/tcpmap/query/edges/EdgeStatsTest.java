package dev.tcpmap.query.edges;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.EdgeKey;
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
  void new_negativeConnections_throws() {
    assertThatThrownBy(
            () -> new EdgeStats(KEY, -1, ONE, 0, 0, 0, Duration.ZERO, Duration.ZERO, T0, T0))
        .hasMessageContaining("connections is negative");
  }

  @Test
  void new_morePersistentThanMeasured_throws() {
    assertThatThrownBy(
            () -> new EdgeStats(KEY, 5, ONE, 2, 0, 0, Duration.ZERO, Duration.ZERO, T0, T0))
        .hasMessageContaining("persistent out of range");
  }

  @Test
  void new_windowOfHistory_mayEndConnectionsItDidNotOpen() {
    assertThat(
            new EdgeStats(
                    KEY, 0, ONE, 1, 7, 0, Duration.ofSeconds(30), Duration.ofSeconds(30), T0, T0)
                .outcomes()
                .total())
        .isEqualTo(1);
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

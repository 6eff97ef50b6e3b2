package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  private static final IpAddress CLIENT = IpAddress.parse("192.0.2.1");
  private static final IpAddress SERVER = IpAddress.parse("2001:db8::1");
  private static final Instant START = Instant.parse("2026-11-21T09:00:00Z");

  @Test
  void end_isStartPlusDuration() {
    Connection c = connection(40000, 443, Duration.ofMillis(1500), 10, 20);

    assertThat(c.end()).isEqualTo(Instant.parse("2026-11-21T09:00:01.500Z"));
  }

  @Test
  void constructor_portOutOfRange_namesIt() {
    assertThatThrownBy(() -> connection(65_536, 443, Duration.ZERO, 0, 0))
        .hasMessage("clientPort out of range: 65536");
    assertThatThrownBy(() -> connection(40000, -1, Duration.ZERO, 0, 0))
        .hasMessage("serverPort out of range: -1");
  }

  @Test
  void constructor_negativeNumbers_areRejected() {
    assertThatThrownBy(() -> connection(1, 2, Duration.ofSeconds(-1), 0, 0))
        .hasMessage("duration is negative: PT-1S");
    assertThatThrownBy(() -> connection(1, 2, Duration.ZERO, -1, 0))
        .hasMessage("byte counts are negative: sent -1, received 0");
  }

  @Test
  void outcome_wireNamesAreTheLowerCaseNames() {
    assertThat(Outcome.values())
        .extracting(Outcome::wireName)
        .containsExactly("closed", "reset", "refused", "timeout", "open", "unknown", "unreachable");
  }

  private static Connection connection(
      int clientPort, int serverPort, Duration duration, long sent, long received) {
    return new Connection(
        CLIENT,
        clientPort,
        SERVER,
        serverPort,
        START,
        duration,
        sent,
        received,
        Outcome.CLOSED,
        true,
        SocketDetails.NONE);
  }
}

package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {
  @Test
  void defaults_leaveRoomForTheLongestQuery() {
    // QueryParams accepts a 64 KiB query string: its 400 must not turn into Jetty's 414.
    assertThat(HttpLimits.DEFAULTS.maxHeadBytes()).isGreaterThan(64 * 1024 + 8 * 1024);
  }

  @Test
  void keepAliveShorterThanRequestTimeout_isRefused() {
    assertThatThrownBy(
            () -> HttpLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessage("need 1 ms <= requestTimeout <= keepAlive: PT5S, PT1S");
  }

  @Test
  void nonPositiveCount_isRefused() {
    assertThatThrownBy(
            () ->
                new HttpLimits(80 * 1024, 0, 8192, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("limits must be positive");
  }
}

package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcTimesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-21T09:22:18Z",
        "2026-11-21T09:22:18.1Z",
        "2026-11-21T09:22:18.123Z",
        "2026-11-21T09:22:18.123456789Z",
        "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00Z",
        "9999-12-31T23:59:59.999999999Z"
      })
  void parse_agreesWithInstantParse(String text) {
    assertThat(UtcTimes.parse(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-21T24:00:00Z",
        "2026-11-21T09:22:60Z",
        "2026-11-21T09:22:18.Z",
        "2026-11-21T09:22:18.1234567890Z",
        "2026-11-21 09:22:18Z",
        "+12026-01-01T00:00:00Z",
        "2026-11-21T09:22:18+01:00"
      })
  void parse_otherText_isLeftToInstantParse(String text) {
    assertThat(UtcTimes.parse(text)).isNull();
  }
}

package dev.tcpmap.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoDurationTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long MIN = 60 * S;
  private static final long H = 60 * MIN;

  /** A Go duration in nanoseconds and what {@code time.Duration.String()} prints for it. */
  record Case(long nanos, String go) {}

  // Expected texts are Go's: most come from the table in Go's time/time_test.go.
  static Stream<Case> cases() {
    return Stream.of(
        new Case(0, "0s"),
        new Case(1, "1ns"),
        new Case(999, "999ns"),
        new Case(1_000, "1µs"),
        new Case(1_100, "1.1µs"),
        new Case(1_500, "1.5µs"),
        new Case(666_666, "666.666µs"),
        new Case(2_200_000, "2.2ms"),
        new Case(250 * MS, "250ms"),
        new Case(999_999_999, "999.999999ms"),
        new Case(S, "1s"),
        new Case(1_500 * MS, "1.5s"),
        new Case(3_300 * MS, "3.3s"),
        new Case(MIN, "1m0s"),
        new Case(2 * MIN + 3_500 * MS, "2m3.5s"),
        new Case(4 * MIN + 5 * S, "4m5s"),
        new Case(4 * MIN + 5_001 * MS, "4m5.001s"),
        new Case(H, "1h0m0s"),
        new Case(5 * H + 6 * MIN + 7_001 * MS, "5h6m7.001s"),
        new Case(8 * MIN + 1, "8m0.000000001s"),
        new Case(-1_500 * MS, "-1.5s"),
        new Case(-1, "-1ns"),
        new Case(Long.MAX_VALUE, "2562047h47m16.854775807s"),
        new Case(Long.MIN_VALUE, "-2562047h47m16.854775808s"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void format_matchesGo(Case c) {
    assertThat(GoDuration.format(c.nanos())).isEqualTo(c.go());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void format_duration_matchesNanos(Case c) {
    assertThat(GoDuration.format(Duration.ofNanos(c.nanos()))).isEqualTo(c.go());
  }

  @org.junit.jupiter.api.Test
  void format_beyondGoRange_saturates() {
    assertThat(GoDuration.format(Duration.ofDays(365L * 1000)))
        .isEqualTo("2562047h47m16.854775807s");
    assertThat(GoDuration.format(Duration.ofDays(-365L * 1000)))
        .isEqualTo("-2562047h47m16.854775808s");
  }
}

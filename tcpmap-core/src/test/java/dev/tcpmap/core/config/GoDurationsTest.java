package dev.tcpmap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {
  record Case(String text, Duration expected) {}

  static Stream<Case> valid() {
    return Stream.of(
        new Case("10s", Duration.ofSeconds(10)),
        new Case("0", Duration.ZERO),
        new Case("1m30s", Duration.ofSeconds(90)),
        new Case("250ms", Duration.ofMillis(250)),
        new Case("1.5h", Duration.ofMinutes(90)),
        new Case("100us", Duration.ofNanos(100_000)),
        new Case("100µs", Duration.ofNanos(100_000)),
        new Case("7ns", Duration.ofNanos(7)),
        new Case("-2s", Duration.ofSeconds(-2)),
        new Case("2h45m", Duration.ofMinutes(165)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parse_goSyntax_givesDuration(Case c) {
    assertThat(GoDurations.parse(c.text())).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "s", "10x", "1..5s", "PT10S", "-", "9999999999999h"})
  void parse_notGoSyntax_namesTheText(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration: '" + text + "'");
  }
}

package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NumbersTest {
  /** A float64 and what Go's json.Marshal writes for it. */
  record GoCase(double value, String go) {}

  static Stream<GoCase> goFloats() {
    return Stream.of(
        new GoCase(0, "0"),
        new GoCase(1, "1"),
        new GoCase(0.25, "0.25"),
        new GoCase(1 / 3.0, "0.3333333333333333"),
        new GoCase(5 / 6.0, "0.8333333333333334"),
        new GoCase(0.7623762376237624, "0.7623762376237624"),
        new GoCase(300, "300"),
        new GoCase(1e20, "100000000000000000000"),
        new GoCase(1e21, "1e+21"),
        new GoCase(0.000001, "0.000001"),
        new GoCase(1e-7, "1e-7"),
        new GoCase(1.5e-7, "1.5e-7"),
        new GoCase(-2.5, "-2.5"));
  }

  @ParameterizedTest
  @MethodSource("goFloats")
  void goFloat_matchesGoJson(GoCase c) {
    assertThat(Numbers.goFloat(c.value())).isEqualTo(c.go());
  }

  @Test
  void goFloat_nan_throws() {
    assertThatThrownBy(() -> Numbers.goFloat(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void micros_hasExactlySixDigitsInUtc() {
    assertThat(Numbers.micros(Instant.parse("2026-11-21T09:22:18.123456789Z")))
        .isEqualTo("2026-11-21T09:22:18.123456Z");
    assertThat(Numbers.micros(Instant.parse("2026-11-21T09:22:18Z")))
        .isEqualTo("2026-11-21T09:22:18.000000Z");
  }

  @Test
  void goTime_trimsTrailingZeros() {
    assertThat(Numbers.goTime(Instant.parse("2026-11-21T09:22:18.120Z")))
        .isEqualTo("2026-11-21T09:22:18.12Z");
    assertThat(Numbers.goTime(Instant.parse("2026-11-21T09:22:18Z")))
        .isEqualTo("2026-11-21T09:22:18Z");
    assertThat(Numbers.goTime(Instant.parse("2026-11-21T09:22:18.000000001Z")))
        .isEqualTo("2026-11-21T09:22:18.000000001Z");
  }

  @Test
  void millis_isExactWithoutTrailingZeros() {
    assertThat(Numbers.millis(Duration.ofNanos(1_234_567_891)).toPlainString())
        .isEqualTo("1234.567891");
    assertThat(Numbers.millis(Duration.ofSeconds(5)).toPlainString()).isEqualTo("5000");
    assertThat(Numbers.millis(Duration.ZERO).toPlainString()).isEqualTo("0");
    assertThat(Numbers.millis(Duration.ofDays(365L * 1000)).toPlainString())
        .isEqualTo("31536000000000");
  }

  @Test
  void millisToMicros_truncatesNanos() {
    assertThat(Numbers.millisToMicros(Duration.ofNanos(1_234_567_891)).toPlainString())
        .isEqualTo("1234.567");
  }

  @Test
  void micros_agreesWithDateTimeFormatterOnRandomInstants() {
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_402_300_799L), random.nextInt(1_000_000_000));
      assertThat(Numbers.micros(instant))
          .as(instant.toString())
          .isEqualTo(reference.format(instant.truncatedTo(ChronoUnit.MICROS)));
    }
  }

  @Test
  void millisToMicros_agreesWithExactDecimalArithmeticOnRandomDurations() {
    Random random = new Random(8);
    for (int i = 0; i < 10_000; i++) {
      Duration duration =
          Duration.ofSeconds(random.nextLong(0, 10_000_000L), random.nextInt(1_000_000_000));
      BigDecimal expected =
          new BigDecimal(duration.truncatedTo(ChronoUnit.MICROS).toNanos())
              .movePointLeft(6)
              .stripTrailingZeros();
      assertThat(Numbers.millisToMicros(duration).compareTo(expected))
          .as(duration.toString())
          .isZero();
      assertThat(Numbers.millisToMicros(duration).toPlainString())
          .isEqualTo(
              expected.scale() < 0
                  ? expected.setScale(0).toPlainString()
                  : expected.toPlainString());
    }
  }
}

package dev.tcpmap.store;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StoreConfigTest {

  record Invalid(
      Duration fine, Duration coarse, Duration after, Duration retention, String message) {}

  static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid(
            ofSeconds(0),
            ofMinutes(1),
            ofDays(1),
            ofDays(7),
            "bucket width must be a positive whole number of milliseconds: PT0S"),
        new Invalid(
            ofSeconds(10),
            ofSeconds(-60),
            ofDays(1),
            ofDays(7),
            "coarse width must be a positive whole number of milliseconds: PT-1M"),
        new Invalid(
            ofNanos(1_500_000),
            ofMinutes(1),
            ofDays(1),
            ofDays(7),
            "bucket width must be a positive whole number of milliseconds: PT0.0015S"),
        new Invalid(
            ofSeconds(10),
            ofSeconds(25),
            ofDays(1),
            ofDays(7),
            "coarse width PT25S is not a multiple of the bucket width PT10S"),
        new Invalid(
            ofSeconds(7),
            ofSeconds(70),
            ofDays(1),
            ofDays(7),
            "bucket width PT7S does not divide a day"),
        new Invalid(
            ofSeconds(10),
            ofSeconds(70),
            ofDays(1),
            ofDays(7),
            "coarse width PT1M10S does not divide a day"),
        new Invalid(
            ofSeconds(10),
            ofMinutes(10),
            ofMinutes(25),
            ofDays(7),
            "downsample age PT25M is not a multiple of the coarse width PT10M"),
        new Invalid(
            ofSeconds(10),
            ofMinutes(1),
            ofDays(7),
            ofDays(7),
            "downsample age PT168H is not shorter than the retention PT168H"),
        new Invalid(
            ofSeconds(10),
            ofMinutes(1),
            ofDays(1),
            ofMillis(7 * 86_400_000L + 30_000),
            "retention PT168H30S is not a multiple of the coarse width PT1M"),
        new Invalid(
            ofSeconds(10),
            ofMinutes(10),
            ofHours(1),
            ofMinutes(65),
            "retention PT1H5M is not a multiple of the coarse width PT10M"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void new_invalid_isRejectedWithTheRuleInTheMessage(Invalid c) {
    assertThatThrownBy(() -> new StoreConfig(c.fine(), c.coarse(), c.after(), c.retention()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(c.message());
  }

  @Test
  void defaults_areTenSecondsOneMinuteAfterADayKeptAWeek() {
    assertThat(StoreConfig.DEFAULTS)
        .isEqualTo(new StoreConfig(ofSeconds(10), ofMinutes(1), ofDays(1), ofDays(7)));
  }

  @Test
  void equalWidths_areAllowed() {
    StoreConfig c = new StoreConfig(ofMinutes(1), ofMinutes(1), ofDays(1), ofDays(2));

    assertThat(c.coarseMillis()).isEqualTo(c.fineMillis());
  }

  @Test
  void floorAndCeil_workOnBoundariesAndBetween() {
    assertThat(StoreConfig.floor(20_000, 10_000)).isEqualTo(20_000);
    assertThat(StoreConfig.floor(19_999, 10_000)).isEqualTo(10_000);
    assertThat(StoreConfig.ceil(20_000, 10_000)).isEqualTo(20_000);
    assertThat(StoreConfig.ceil(20_001, 10_000)).isEqualTo(30_000);
  }
}

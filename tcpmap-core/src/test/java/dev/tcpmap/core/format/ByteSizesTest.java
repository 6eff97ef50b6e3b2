package dev.tcpmap.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ByteSizesTest {
  /** A value and what go-bytesize's {@code ByteSize(value).String()} prints. */
  record Case(double bytes, String go) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(0, "0.00B"),
        new Case(200, "200.00B"),
        new Case(600, "600.00B"),
        new Case(1023.999, "1024.00B"), // below 1 KB the unit stays B, even when rounding up
        new Case(1024, "1.00KB"),
        new Case(1536, "1.50KB"),
        new Case(20 * 1024, "20.00KB"),
        new Case(1024 * 1024, "1.00MB"),
        new Case(1.25 * (1L << 30), "1.25GB"),
        new Case(Math.scalb(1.5, 80), "1.50YB"),
        new Case(Math.scalb(1.0, 90), "1024.00YB"),
        // Go's %.2f rounds the exact binary value, ties to even:
        new Case(0.125, "0.12B"),
        new Case(0.375, "0.38B"),
        new Case(1.005, "1.00B"),
        new Case(2.675, "2.67B"),
        new Case(1024 * 1.005, "1.00KB"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void format_matchesGoBytesize(Case c) {
    assertThat(ByteSizes.format(c.bytes())).isEqualTo(c.go());
  }

  @Test
  void format_negativeOrNaN_throws() {
    assertThatThrownBy(() -> ByteSizes.format(-1)).hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ByteSizes.format(Double.NaN)).hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ByteSizes.format(Double.POSITIVE_INFINITY))
        .hasMessageContaining("finite");
  }
}

package dev.tcpmap.api.wire;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How numbers and times are written, in one place. Go's {@code encoding/json} decides the look of
 * the k8spacket endpoints (k8spacket is written in Go, so that is what clients already parse).
 */
final class Numbers {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

  private Numbers() {}

  /**
   * RFC 3339 in UTC with exactly six fraction digits (truncated), e.g. 2026-11-21T09:22:18.123456Z.
   */
  static String micros(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return MICROS.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
    // Written out rather than through DateTimeFormatter: the CLI writes one per connection, and
    // the formatter cost 3 µs each in a one-shot run (100,000 connections: 0.3 s).
    char[] out = "0000-00-00T00:00:00.000000Z".toCharArray();
    digits(out, 0, 4, t.getYear());
    digits(out, 5, 2, t.getMonthValue());
    digits(out, 8, 2, t.getDayOfMonth());
    digits(out, 11, 2, t.getHour());
    digits(out, 14, 2, t.getMinute());
    digits(out, 17, 2, t.getSecond());
    digits(out, 20, 6, instant.getNano() / 1_000);
    return new String(out);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] out, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * RFC 3339 in UTC as Go's {@code time.RFC3339Nano}, which {@code time.Time} marshals to: up to
   * nine fraction digits with trailing zeros dropped, and no fraction when it is zero.
   */
  static String goTime(Instant instant) {
    StringBuilder out = new StringBuilder(SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String digits = String.format("%09d", nanos).replaceFirst("0+$", "");
      out.append('.').append(digits);
    }
    return out.append('Z').toString();
  }

  /** A duration in milliseconds, exactly (up to six decimals), without trailing zeros. */
  static BigDecimal millis(Duration duration) {
    BigDecimal ms =
        BigDecimal.valueOf(duration.getSeconds())
            .scaleByPowerOfTen(3)
            .add(BigDecimal.valueOf(duration.getNano(), 6));
    return plain(ms);
  }

  /** A duration in milliseconds truncated to microseconds, e.g. 1234.567. */
  static BigDecimal millisToMicros(Duration duration) {
    long micros =
        Math.addExact(
            Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
    return plain(BigDecimal.valueOf(micros, 3));
  }

  /**
   * A float64 as Go's {@code encoding/json} writes it: the shortest text that reads back as the
   * same value; plain notation from 1e-6 up to 1e21, otherwise an exponent without leading zeros
   * ({@code 1e-7}, {@code 1e+21}); integral values without a decimal point.
   */
  static String goFloat(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    if (value == 0) {
      return "0";
    }
    // Java's Double.toString gives the shortest round-tripping digits since JDK 19, as Go does.
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-6 && magnitude < 1e21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "")
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + Math.abs(exponent);
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}

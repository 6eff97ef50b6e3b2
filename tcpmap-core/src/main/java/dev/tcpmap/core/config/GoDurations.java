package dev.tcpmap.core.config;

import java.time.Duration;

/**
 * Parses durations written as Go's {@code time.ParseDuration} accepts them ({@code 10s}, {@code
 * 1m30s}, {@code 250ms}, {@code 1.5h}, {@code 100us}), because k8spacket users already have values
 * such as {@code K8S_PACKET_TCP_PERSISTENT_DURATION=10s}.
 */
public final class GoDurations {
  private GoDurations() {}

  /**
   * @throws IllegalArgumentException naming the text when it is not a Go duration
   */
  public static Duration parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    boolean negative = s.charAt(0) == '-';
    int i = (negative || s.charAt(0) == '+') ? 1 : 0;
    if (i == s.length()) {
      throw invalid(text);
    }
    long nanos = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (i == numberStart) {
        throw invalid(text);
      }
      String number = s.substring(numberStart, i);
      int unitStart = i;
      while (i < s.length() && !isAsciiDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i), text);
      nanos = Math.addExact(nanos, scaled(number, unit, text));
    }
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  /** Go's ParseDuration reads ASCII digits only; other scripts' digits are not a number here. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long unitNanos(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw invalid(text);
    };
  }

  private static long scaled(String number, long unit, String text) {
    try {
      return new java.math.BigDecimal(number)
          .multiply(java.math.BigDecimal.valueOf(unit))
          .setScale(0, java.math.RoundingMode.DOWN)
          .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "not a duration: '" + text + "' (write it as Go does, e.g. 10s, 1m30s, 250ms)");
  }
}

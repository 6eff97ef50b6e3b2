package dev.tcpmap.core.format;

import java.time.Duration;

/**
 * Durations printed exactly as Go's {@code time.Duration.String()}, which k8spacket's duration
 * stats use: {@code 0s}, {@code 1ns}, {@code 1.5µs} (U+00B5 micro sign), {@code 250ms}, {@code
 * 1.5s}, {@code 2m3.5s}, {@code 1h0m0s}. Below one second the largest unit that keeps the value at
 * least 1 is used, with up to 3 (µs) or 6 (ms) fraction digits; from one second on it prints hours,
 * minutes and seconds with up to 9 fraction digits; trailing zeros and a bare decimal point are
 * dropped. Go's durations are int64 nanoseconds, so longer values saturate.
 */
public final class GoDuration {
  private GoDuration() {}

  /** Formats a {@link Duration}, saturating beyond Go's range of about ±292 years. */
  public static String format(Duration duration) {
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException e) {
      nanos = duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return format(nanos);
  }

  /** Formats a number of nanoseconds. */
  public static String format(long nanos) {
    // Work right to left on the unsigned magnitude, as Go does, so that Long.MIN_VALUE works too.
    char[] buf = new char[32];
    int w = buf.length;
    long u = nanos < 0 ? -nanos : nanos;
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u == 0) {
        return "0s";
      }
      buf[--w] = 's';
      int precision;
      if (u < 1_000L) {
        precision = 0;
        buf[--w] = 'n';
      } else if (u < 1_000_000L) {
        precision = 3;
        buf[--w] = 'µ';
      } else {
        precision = 6;
        buf[--w] = 'm';
      }
      w = fraction(buf, w, u, precision);
      w = integer(buf, w, u / pow10(precision));
    } else {
      buf[--w] = 's';
      w = fraction(buf, w, u, 9);
      long seconds = Long.divideUnsigned(u, 1_000_000_000L);
      w = integer(buf, w, seconds % 60);
      long minutes = seconds / 60;
      if (minutes > 0) {
        buf[--w] = 'm';
        w = integer(buf, w, minutes % 60);
        long hours = minutes / 60;
        if (hours > 0) {
          buf[--w] = 'h';
          w = integer(buf, w, hours);
        }
      }
    }
    if (nanos < 0) {
      buf[--w] = '-';
    }
    return new String(buf, w, buf.length - w);
  }

  /** Writes the low {@code precision} digits of {@code v} as ".ddd" without trailing zeros. */
  private static int fraction(char[] buf, int w, long v, int precision) {
    boolean print = false;
    for (int i = 0; i < precision; i++) {
      int digit = (int) Long.remainderUnsigned(v, 10);
      print |= digit != 0;
      if (print) {
        buf[--w] = (char) ('0' + digit);
      }
      v = Long.divideUnsigned(v, 10);
    }
    if (print) {
      buf[--w] = '.';
    }
    return w;
  }

  private static int integer(char[] buf, int w, long v) {
    do {
      buf[--w] = (char) ('0' + (int) Long.remainderUnsigned(v, 10));
      v = Long.divideUnsigned(v, 10);
    } while (v != 0);
    return w;
  }

  private static long pow10(int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }
}

package dev.tcpmap.capture.decode;

import java.time.Instant;

/**
 * Capture-clock arithmetic that saturates instead of wrapping around. Timestamps come from capture
 * files and may be any 64-bit value (a corrupt pcapng timestamp wraps in its unit conversion), so a
 * sum or a difference of two of them may not fit in a {@code long}; wrapped, a jump of 2^63 ns
 * looks like a step back, and a sweep budget computed from it is the low bits of a huge product.
 */
public final class Nanos {
  private Nanos() {}

  /** {@code time + nanos} for {@code nanos >= 0}, at most {@code Long.MAX_VALUE}. */
  public static long plus(long time, long nanos) {
    long sum = time + nanos;
    return sum < time ? Long.MAX_VALUE : sum;
  }

  /**
   * {@code to - from}, clamped to {@code [0, Long.MAX_VALUE]}: 0 when {@code to} is not later,
   * {@code Long.MAX_VALUE} when the difference does not fit.
   */
  public static long since(long from, long to) {
    if (to <= from) {
      return 0;
    }
    long difference = to - from;
    return difference < 0 ? Long.MAX_VALUE : difference;
  }

  /** A capture time (nanoseconds since the epoch, any sign) as an instant. */
  public static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }
}

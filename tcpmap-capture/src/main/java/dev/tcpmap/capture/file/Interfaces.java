package dev.tcpmap.capture.file;

import java.util.Arrays;

/**
 * The interfaces of one pcapng section, in the order of their Interface Description Blocks, with
 * each one's link type, snap length and timestamp conversion (if_tsresol, if_tsoffset).
 */
final class Interfaces {
  /** More interfaces than this in one section is taken for corruption. */
  static final int MAX = 1 << 16;

  private static final int MULTIPLY = 0;
  private static final int DIVIDE = 1;
  private static final int BINARY = 2;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MAX_OFFSET_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;

  private int count;
  private int[] linkTypes = new int[4];
  private long[] snapLengths = new long[4];
  private int[] kinds = new int[4];
  private long[] factors = new long[4];
  private long[] offsetNanos = new long[4];

  void clear() {
    count = 0;
  }

  int count() {
    return count;
  }

  int linkType(int index) {
    return linkTypes[index];
  }

  long snapLength(int index) {
    return snapLengths[index];
  }

  /**
   * Adds an interface; returns null, or why its options are unusable.
   *
   * @param tsresol the if_tsresol byte: 10^-n seconds when the top bit is 0, 2^-n when it is 1
   * @param tsoffsetSeconds the if_tsoffset value, added to every timestamp
   */
  String add(int linkType, long snapLength, int tsresol, long tsoffsetSeconds) {
    if (count == MAX) {
      return "more than " + MAX + " interfaces in one section";
    }
    int exponent = tsresol & 0x7F;
    boolean binary = (tsresol & 0x80) != 0;
    if ((binary && exponent > 62) || (!binary && exponent > 18)) {
      return String.format("unsupported if_tsresol 0x%02x", tsresol);
    }
    if (Math.abs(tsoffsetSeconds) > MAX_OFFSET_SECONDS) {
      return "if_tsoffset out of range: " + tsoffsetSeconds;
    }
    if (count == linkTypes.length) {
      int size = count * 2;
      linkTypes = Arrays.copyOf(linkTypes, size);
      snapLengths = Arrays.copyOf(snapLengths, size);
      kinds = Arrays.copyOf(kinds, size);
      factors = Arrays.copyOf(factors, size);
      offsetNanos = Arrays.copyOf(offsetNanos, size);
    }
    linkTypes[count] = linkType;
    snapLengths[count] = snapLength;
    kinds[count] = binary ? BINARY : exponent <= 9 ? MULTIPLY : DIVIDE;
    factors[count] = binary ? exponent : pow10(exponent <= 9 ? 9 - exponent : exponent - 9);
    offsetNanos[count] = tsoffsetSeconds * NANOS_PER_SECOND;
    count++;
    return null;
  }

  /** Converts a timestamp in the interface's units to nanoseconds since the Unix epoch. */
  long nanos(int index, long units) {
    long factor = factors[index];
    long nanos =
        switch (kinds[index]) {
          case MULTIPLY -> units * factor;
          case DIVIDE -> Long.divideUnsigned(units, factor);
          default -> binaryNanos(units, (int) factor);
        };
    return nanos + offsetNanos[index];
  }

  /** units / 2^shift seconds in nanoseconds, without overflowing for any shift up to 62. */
  private static long binaryNanos(long units, int shift) {
    long seconds = units >>> shift;
    long fraction = units & ((1L << shift) - 1);
    // fraction * 10^9 fits in 64 bits only while fraction < 2^34; drop low bits beyond that.
    long fractionNanos =
        shift <= 32
            ? (fraction * NANOS_PER_SECOND) >>> shift
            : ((fraction >>> (shift - 32)) * NANOS_PER_SECOND) >>> 32;
    return seconds * NANOS_PER_SECOND + fractionNanos;
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}

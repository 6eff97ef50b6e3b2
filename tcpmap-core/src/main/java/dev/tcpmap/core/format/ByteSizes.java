package dev.tcpmap.core.format;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte amounts printed as k8spacket prints them (the Go library {@code inhies/go-bytesize}): the
 * largest binary unit (steps of 1024) not above the value, named B, KB, MB, GB, TB, PB, EB, ZB or
 * YB, with two decimals and no space: {@code 200.00B}, {@code 1.50KB} (1536 bytes). The decimals
 * follow Go's {@code %.2f}: the exact binary value rounded half to even, so 0.125 prints 0.12 and
 * 1.005 (really 1.00499…) prints 1.00, where Java's {@code String.format} would print 0.13 and
 * 1.01.
 */
public final class ByteSizes {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private ByteSizes() {}

  /** Formats a non-negative, finite amount of bytes (fractions allowed: it may be a rate). */
  public static String format(double bytes) {
    if (!(bytes >= 0) || Double.isInfinite(bytes)) {
      throw new IllegalArgumentException("bytes must be finite and non-negative: " + bytes);
    }
    int unit = 0;
    double scaled = bytes;
    while (unit < UNITS.length - 1 && bytes >= Math.scalb(1.0, 10 * (unit + 1))) {
      unit++;
      scaled = bytes / Math.scalb(1.0, 10 * unit);
    }
    return twoDecimals(scaled) + UNITS[unit];
  }

  /** Go's {@code fmt.Sprintf("%.2f", value)} for a finite value. */
  static String twoDecimals(double value) {
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}

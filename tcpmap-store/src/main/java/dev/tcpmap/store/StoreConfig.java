package dev.tcpmap.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How finely rollups are kept and for how long.
 *
 * <pre>
 *   now - retention        now - downsampleAfter                       now
 *   |---- coarse buckets ----|------------- fine buckets ---------------|
 *   dropped before here        folded into coarse buckets by maintain()
 * </pre>
 *
 * A bucket is {@code [start, start + width)} with {@code start = floor(t / width) * width} on epoch
 * milliseconds. Because both widths divide a day, every bucket starts at the same offsets within
 * every UTC day, and a coarse bucket is exactly a run of whole fine buckets.
 *
 * @param bucketWidth the width of the buckets rollups are written into (default 10 s)
 * @param coarseWidth the width older buckets are downsampled into (default 1 min)
 * @param downsampleAfter the age past which fine buckets are folded into coarse ones (default 1 d)
 * @param retention the age past which buckets are dropped (default 7 d)
 */
public record StoreConfig(
    Duration bucketWidth, Duration coarseWidth, Duration downsampleAfter, Duration retention) {

  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  public static final StoreConfig DEFAULTS =
      new StoreConfig(
          Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofDays(7));

  public StoreConfig {
    Objects.requireNonNull(bucketWidth, "bucketWidth");
    Objects.requireNonNull(coarseWidth, "coarseWidth");
    Objects.requireNonNull(downsampleAfter, "downsampleAfter");
    Objects.requireNonNull(retention, "retention");
    positiveMillis("bucket width", bucketWidth);
    positiveMillis("coarse width", coarseWidth);
    positiveMillis("downsample age", downsampleAfter);
    positiveMillis("retention", retention);
    long fine = bucketWidth.toMillis();
    long coarse = coarseWidth.toMillis();
    require(
        coarse % fine == 0,
        "coarse width " + coarseWidth + " is not a multiple of the bucket width " + bucketWidth);
    require(DAY_MILLIS % fine == 0, "bucket width " + bucketWidth + " does not divide a day");
    require(DAY_MILLIS % coarse == 0, "coarse width " + coarseWidth + " does not divide a day");
    require(
        downsampleAfter.toMillis() % coarse == 0,
        "downsample age "
            + downsampleAfter
            + " is not a multiple of the coarse width "
            + coarseWidth);
    require(
        downsampleAfter.compareTo(retention) < 0,
        "downsample age " + downsampleAfter + " is not shorter than the retention " + retention);
    require(
        retention.toMillis() % coarse == 0,
        "retention " + retention + " is not a multiple of the coarse width " + coarseWidth);
  }

  private static void positiveMillis(String what, Duration value) {
    require(
        value.toMillis() > 0 && value.equals(Duration.ofMillis(value.toMillis())),
        what + " must be a positive whole number of milliseconds: " + value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public long fineMillis() {
    return bucketWidth.toMillis();
  }

  public long coarseMillis() {
    return coarseWidth.toMillis();
  }

  /** The start of the bucket of the given width that contains {@code t}. */
  public static long floor(long t, long width) {
    return Math.floorDiv(t, width) * width;
  }

  /** The end of the bucket of the given width that contains {@code t - 1}: {@code t} rounded up. */
  static long ceil(long t, long width) {
    return -Math.floorDiv(-t, width) * width;
  }

  /** Buckets that start before this are folded into coarse ones, at time {@code now}. */
  long downsampleBefore(long now) {
    return floor(now - downsampleAfter.toMillis(), coarseMillis());
  }

  /**
   * Buckets that start before this are dropped at time {@code now}: they ended at or before {@code
   * now - retention}.
   */
  long dropBefore(long now) {
    return floor(now - retention.toMillis(), coarseMillis());
  }
}

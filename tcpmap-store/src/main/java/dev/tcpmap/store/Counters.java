package dev.tcpmap.store;

import java.util.Arrays;

/**
 * What happened on one edge in one bucket, as exact non-negative integers. Adding two counters of
 * the same bucket and edge sums every field, except {@link #durationMaxNanos}, which takes the
 * larger.
 *
 * <p>A connection is counted twice, in two possibly different buckets: {@link #opened} in the
 * bucket its start fell in, and once in {@code closed}/{@code reset}/{@code refused}/{@code
 * timeout}/{@code unknown} in the bucket of its end. The duration fields and the histogram describe
 * the ended ones only, so that their sum is exact. Payload bytes are those that flowed during the
 * bucket: the caller splits a long connection's bytes over the buckets it saw them in.
 *
 * <p>Duration histogram, {@value #BINS} bins on log2 bounds in milliseconds:
 *
 * <pre>
 *   bin 0: d ≤ 1 ms     bin i (1..22): 2^(i-1) ms &lt; d ≤ 2^i ms     bin 23: d &gt; 2^22 ms (≈ 70 min)
 * </pre>
 *
 * <p>Invariants (checked): every field ≥ 0; {@code persistent ≤ ended()}; the histogram's bins sum
 * to {@code ended()}; {@code durationMaxNanos ≤ durationSumNanos}.
 *
 * @param opened connections whose start fell in the bucket
 * @param closed connections that ended with FIN in the bucket
 * @param reset connections reset after the handshake, ended in the bucket
 * @param refused connection attempts answered with RST, ended in the bucket
 * @param timeout connection attempts never answered, given up in the bucket
 * @param unknown connections whose end was not observed (evicted, source stopped)
 * @param persistent of the ended, those that lasted at least the persistent threshold
 * @param bytesSent payload bytes client to server that flowed in the bucket
 * @param bytesReceived payload bytes server to client that flowed in the bucket
 * @param durationSumNanos sum of the durations of the ended
 * @param durationMaxNanos the longest duration of the ended, 0 when none ended
 * @param histogram {@value #BINS} bins of the ended connections' durations (copied)
 */
public record Counters(
    long opened,
    long closed,
    long reset,
    long refused,
    long timeout,
    long unknown,
    long persistent,
    long bytesSent,
    long bytesReceived,
    long durationSumNanos,
    long durationMaxNanos,
    long[] histogram) {

  /** Number of histogram bins. */
  public static final int BINS = 24;

  /** The scalar counts, before the bins in {@link #values()}. */
  private static final int SCALARS = 11;

  /** How many values {@link #values()} has. */
  static final int VALUES = SCALARS + BINS;

  /** The index of {@code durationMaxNanos} in {@link #values()}: it adds as a maximum. */
  static final int MAX_INDEX = 10;

  private static final String[] FIELDS = {
    "opened",
    "closed",
    "reset",
    "refused",
    "timeout",
    "unknown",
    "persistent",
    "bytesSent",
    "bytesReceived",
    "durationSumNanos",
    "durationMaxNanos"
  };

  /** Nothing happened. */
  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[BINS]);

  private static final long NANOS_PER_MILLI = 1_000_000L;

  /** How a connection ended; a connection still open has not ended. */
  public enum End {
    CLOSED,
    RESET,
    REFUSED,
    TIMEOUT,
    UNKNOWN
  }

  public Counters {
    histogram = histogram.clone();
    if (histogram.length != BINS) {
      throw new IllegalArgumentException(
          "histogram must have " + BINS + " bins: " + histogram.length);
    }
    nonNegative(opened, "opened");
    nonNegative(closed, "closed");
    nonNegative(reset, "reset");
    nonNegative(refused, "refused");
    nonNegative(timeout, "timeout");
    nonNegative(unknown, "unknown");
    nonNegative(persistent, "persistent");
    nonNegative(bytesSent, "bytesSent");
    nonNegative(bytesReceived, "bytesReceived");
    nonNegative(durationSumNanos, "durationSumNanos");
    nonNegative(durationMaxNanos, "durationMaxNanos");
    long binned = 0;
    for (int i = 0; i < BINS; i++) {
      if (histogram[i] < 0) {
        throw new IllegalArgumentException("histogram bin " + i + " negative: " + histogram[i]);
      }
      binned = Math.addExact(binned, histogram[i]);
    }
    long ended = Math.addExact(Math.addExact(Math.addExact(closed, reset), refused), timeout);
    ended = Math.addExact(ended, unknown);
    if (persistent > ended) {
      throw new IllegalArgumentException("persistent " + persistent + " > ended " + ended);
    }
    if (binned != ended) {
      throw new IllegalArgumentException("histogram holds " + binned + " but ended " + ended);
    }
    if (durationMaxNanos > durationSumNanos) {
      throw new IllegalArgumentException(
          "durationMaxNanos " + durationMaxNanos + " > durationSumNanos " + durationSumNanos);
    }
  }

  private static void nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative: " + value);
    }
  }

  /** One connection that started. */
  public static Counters opened(long count) {
    return new Counters(count, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[BINS]);
  }

  /** Payload bytes that flowed, each way. */
  public static Counters bytes(long sent, long received) {
    return new Counters(0, 0, 0, 0, 0, 0, 0, sent, received, 0, 0, new long[BINS]);
  }

  /** One connection that ended after {@code durationNanos}. */
  public static Counters ended(End end, long durationNanos, boolean persistent) {
    if (durationNanos < 0) {
      throw new IllegalArgumentException("duration must not be negative: " + durationNanos);
    }
    long[] bins = new long[BINS];
    bins[binOf(durationNanos)] = 1;
    return new Counters(
        0,
        end == End.CLOSED ? 1 : 0,
        end == End.RESET ? 1 : 0,
        end == End.REFUSED ? 1 : 0,
        end == End.TIMEOUT ? 1 : 0,
        end == End.UNKNOWN ? 1 : 0,
        persistent ? 1 : 0,
        0,
        0,
        durationNanos,
        durationNanos,
        bins);
  }

  /** The bin of a duration: the smallest i with d ≤ 2^i ms, or the last bin past 2^22 ms. */
  public static int binOf(long durationNanos) {
    for (int i = 0; i < BINS - 1; i++) {
      if (durationNanos <= upperBoundNanos(i)) {
        return i;
      }
    }
    return BINS - 1;
  }

  /** The inclusive upper bound of bin {@code i < BINS - 1}: 2^i ms in nanoseconds. */
  public static long upperBoundNanos(int i) {
    if (i < 0 || i >= BINS - 1) {
      throw new IllegalArgumentException("bin without upper bound: " + i);
    }
    return (1L << i) * NANOS_PER_MILLI;
  }

  /** Connections that ended, whatever the outcome. */
  public long ended() {
    return closed + reset + refused + timeout + unknown;
  }

  /** The sum of both (the larger maximum); overflow is an {@link ArithmeticException}. */
  public Counters plus(Counters other) {
    long[] bins = new long[BINS];
    for (int i = 0; i < BINS; i++) {
      bins[i] = Math.addExact(histogram[i], other.histogram[i]);
    }
    return new Counters(
        Math.addExact(opened, other.opened),
        Math.addExact(closed, other.closed),
        Math.addExact(reset, other.reset),
        Math.addExact(refused, other.refused),
        Math.addExact(timeout, other.timeout),
        Math.addExact(unknown, other.unknown),
        Math.addExact(persistent, other.persistent),
        Math.addExact(bytesSent, other.bytesSent),
        Math.addExact(bytesReceived, other.bytesReceived),
        Math.addExact(durationSumNanos, other.durationSumNanos),
        Math.max(durationMaxNanos, other.durationMaxNanos),
        bins);
  }

  /** A copy: the record's array must not be changed through this accessor. */
  @Override
  public long[] histogram() {
    return histogram.clone();
  }

  /** Bin {@code i} of the histogram, without copying. */
  public long bin(int i) {
    return histogram[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Counters c
        && opened == c.opened
        && closed == c.closed
        && reset == c.reset
        && refused == c.refused
        && timeout == c.timeout
        && unknown == c.unknown
        && persistent == c.persistent
        && bytesSent == c.bytesSent
        && bytesReceived == c.bytesReceived
        && durationSumNanos == c.durationSumNanos
        && durationMaxNanos == c.durationMaxNanos
        && Arrays.equals(histogram, c.histogram);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(opened + 7 * ended() + 13 * bytesSent + 17 * durationSumNanos)
        + Arrays.hashCode(histogram);
  }

  /** Every count as one array: the scalars in declaration order, then the bins. */
  long[] values() {
    long[] out = new long[VALUES];
    long[] scalars = {
      opened,
      closed,
      reset,
      refused,
      timeout,
      unknown,
      persistent,
      bytesSent,
      bytesReceived,
      durationSumNanos,
      durationMaxNanos
    };
    System.arraycopy(scalars, 0, out, 0, SCALARS);
    System.arraycopy(histogram, 0, out, SCALARS, BINS);
    return out;
  }

  /** The counters of {@link #values()}, read from {@code v} at {@code at}. */
  static Counters fromValues(long[] v, int at) {
    long[] bins = new long[BINS];
    System.arraycopy(v, at + SCALARS, bins, 0, BINS);
    return new Counters(
        v[at],
        v[at + 1],
        v[at + 2],
        v[at + 3],
        v[at + 4],
        v[at + 5],
        v[at + 6],
        v[at + 7],
        v[at + 8],
        v[at + 9],
        v[at + 10],
        bins);
  }

  /** As a record's, with the histogram's bins. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Counters[");
    long[] values = values();
    for (int i = 0; i < SCALARS; i++) {
      s.append(FIELDS[i]).append('=').append(values[i]).append(", ");
    }
    return s.append("histogram=").append(Arrays.toString(histogram)).append(']').toString();
  }
}

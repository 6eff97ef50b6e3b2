package dev.tcpmap.capture.decode;

/**
 * TCP sequence number arithmetic (RFC 9293 §3.4): numbers are unsigned 32-bit values compared
 * modulo 2^32, so that a stream may wrap around.
 *
 * <pre>
 *   distance(from, to):   -2^31 + 1 ............ 0 ............ +2^31
 *                          to is behind from     |     to is ahead of from
 * </pre>
 *
 * <p>Two numbers exactly 2^31 apart are neither before nor after each other in RFC 9293's
 * comparison (and RFC 1982 §3.2 leaves the case undefined). Here that distance is +2^31: "far
 * ahead", where no window reaches (RFC 7323 §2.3 caps a window at 2^30), so that callers treat such
 * a segment as outside their window rather than as data they have already delivered. A distance is
 * a {@code long}, never a 32-bit {@code int}: casting {@code seq - next} to int makes the 2^31 case
 * {@code Integer.MIN_VALUE}, whose negation is itself.
 */
public final class TcpSequence {
  /** The largest window TCP can advertise (RFC 7323 §2.3: 65,535 × 2^14, rounded up). */
  public static final long MAX_WINDOW = 1L << 30;

  private static final long MASK32 = 0xFFFF_FFFFL;
  private static final long HALF = 1L << 31;

  private TcpSequence() {}

  /**
   * How far {@code to} is ahead of {@code from} (negative: behind), in {@code (-2^31, 2^31]}. Both
   * are taken modulo 2^32.
   */
  public static long distance(long from, long to) {
    long forward = (to - from) & MASK32;
    return forward > HALF ? forward - (1L << 32) : forward;
  }
}

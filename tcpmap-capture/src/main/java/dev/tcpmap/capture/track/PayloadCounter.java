package dev.tcpmap.capture.track;

import dev.tcpmap.capture.decode.TcpSequence;

/**
 * Counts the TCP payload bytes of one direction of a flow from sequence numbers, in three words of
 * the flow table: {@code origin}, {@code lo}, {@code hi}.
 *
 * <pre>
 *   origin (32-bit sequence number) = relative 0
 *   |--- lo ............................. hi ---|      bytes = hi - lo
 *   lo: lowest payload start seen (0 when the origin is the ISN + 1)
 *   hi: highest payload end seen (seq + length), unwrapped to 64 bits
 * </pre>
 *
 * <p>A segment's sequence number is unwrapped against {@code hi} by its {@link TcpSequence#distance
 * distance} modulo 2^32 (RFC 9293 §3.4), so transfers longer than 4 GiB and the wrap of the 32-bit
 * space count correctly; a segment exactly 2^31 away counts as far ahead, and so is ignored below.
 * Only the extremes move, so retransmissions, duplicates and overlapping segments count once, and
 * reordering does not matter. Gaps (segments the capture missed) are counted: the sender sent those
 * bytes.
 *
 * <ul>
 *   <li>SYN and FIN occupy a sequence number each but are not payload: the caller passes the
 *       sequence number of the first payload byte (SYN segment's seq + 1) and the payload length,
 *       so neither flag is ever counted.
 *   <li>Stale or bogus segments: a segment ending more than {@value #MAX_STEP} bytes (1 GiB, the
 *       largest window RFC 7323 allows) beyond {@code hi} is ignored, and one behind {@code hi}
 *       cannot lower it, so a stale duplicate never makes a count go backwards or jump by 4 GiB.
 *       The price: a capture that misses more than 1 GiB of one direction in a row stops counting
 *       that direction.
 *   <li>Keep-alive probes (RFC 9293 3.8.4: seq = SND.NXT - 1 with 0 or 1 garbage byte) end at or
 *       before {@code hi}, so they add nothing. For the same reason {@code lo} only moves down for
 *       segments of two or more bytes.
 *   <li>Mid-stream starts: the first segment seen sets the origin (a pure ACK's seq is SND.NXT, the
 *       next byte to send), and later segments that started earlier (reordered) may lower {@code
 *       lo} by at most 1 GiB. When the origin is the ISN + 1, {@code lo} stays 0.
 * </ul>
 */
final class PayloadCounter {
  static final long MAX_STEP = TcpSequence.MAX_WINDOW;
  private static final int ORIGIN = 0;
  private static final int LO = 1;
  private static final int HI = 2;
  private static final long MASK32 = 0xFFFF_FFFFL;

  private PayloadCounter() {}

  /** Sets the origin at the first payload byte of the first segment seen. */
  static void start(long[] t, int at, long firstByte, int length) {
    t[at + ORIGIN] = firstByte & MASK32;
    t[at + LO] = 0;
    t[at + HI] = length;
  }

  /**
   * Records the payload {@code [firstByte, firstByte + length)}.
   *
   * @param fixedOrigin whether the origin is the ISN + 1 (then nothing before it is payload)
   */
  static void record(long[] t, int at, long firstByte, int length, boolean fixedOrigin) {
    long hi = t[at + HI];
    long start = hi + TcpSequence.distance(t[at + ORIGIN] + hi, firstByte);
    long end = start + length;
    if (end > hi && end - hi <= MAX_STEP) {
      t[at + HI] = end;
    }
    long lo = t[at + LO];
    if (!fixedOrigin && length >= 2 && start < lo && lo - start <= MAX_STEP) {
      t[at + LO] = start;
    }
  }

  /**
   * Moves the origin to the ISN + 1 once it is learned (a SYN-ACK seen after the server's first
   * data): bytes before it are dropped, bytes after it kept. Bytes seen before that lie more than
   * {@value #MAX_STEP} bytes after the ISN were not sent on this connection (as for {@link
   * #record}): they are dropped too.
   */
  static void rebase(long[] t, int at, long firstByte) {
    long origin = firstByte & MASK32;
    long shift = TcpSequence.distance(origin, t[at + ORIGIN]);
    t[at + ORIGIN] = origin;
    t[at + LO] = 0;
    t[at + HI] = shift > MAX_STEP ? 0 : Math.max(0, t[at + HI] + shift);
  }

  /** The 32-bit sequence number of relative 0. */
  static long origin(long[] t, int at) {
    return t[at + ORIGIN];
  }

  static long bytes(long[] t, int at) {
    return t[at + HI] - t[at + LO];
  }
}

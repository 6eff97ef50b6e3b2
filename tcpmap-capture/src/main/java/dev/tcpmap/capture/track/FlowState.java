package dev.tcpmap.capture.track;

/**
 * Bits of a flow table entry's state word ({@link FlowTable#STATE}). Per-direction bits are the
 * client's; the server's is the next bit up ({@code bit << 1}). A zero word is an empty slot, so
 * every entry has {@link #OCCUPIED}.
 */
final class FlowState {
  static final long OCCUPIED = 1L;

  /** The client is endpoint A (the source of the entry's first packet). */
  static final long CLIENT_IS_A = 1L << 1;

  /** The connection began with a SYN we saw ({@code startSeen}). */
  static final long START_SEEN = 1L << 2;

  static final long SYN_ACK_SEEN = 1L << 3;

  /** Reported already: the entry is a tombstone. */
  static final long ENDED = 1L << 4;

  /** The direction's payload counter has its origin (first payload byte). */
  static final long ORIGIN_SET = 1L << 8;

  /** ... and the origin is the ISN + 1, so nothing before it is payload. */
  static final long ORIGIN_ISN = 1L << 10;

  static final long FIN_SEEN = 1L << 12;

  /** The side sent at least one packet (a server that sent nothing never answered the SYN). */
  static final long SENT = 1L << 14;

  static final long ANY_FIN = FIN_SEEN | FIN_SEEN << 1;

  private FlowState() {}
}

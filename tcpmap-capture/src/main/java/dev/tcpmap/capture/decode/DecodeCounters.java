package dev.tcpmap.capture.decode;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link PacketDecoder} did with the packets it was given: how many, how many became TCP
 * segments, and for the others why (errors by reason, skips by kind).
 *
 * <p>A live view of one decoder's counts, kept in plain arrays so that counting allocates nothing;
 * the maps are built on each call. Read it from the decoding thread (or after that thread is done):
 * it is not synchronized.
 */
public final class DecodeCounters {
  /** Link types above this are counted as {@code link-type-invalid}, not by number. */
  private static final int MAX_LINK_TYPE = 0xFFFF;

  long packets;
  long tcp;
  final long[] byReason = new long[Outcome.ALL.length];
  private long[] byUnsupportedLinkType = new long[0];

  DecodeCounters() {}

  /** All packets given to {@link PacketDecoder#decode}. */
  public long packets() {
    return packets;
  }

  /** Packets that produced a TCP segment. */
  public long tcp() {
    return tcp;
  }

  /**
   * Decode errors by reason, e.g. {@code "ipv4-truncated"}, {@code "ipv4-fragment"}, {@code
   * "tcp-bad-header-length"}, {@code "link-type-unsupported-147"}. Reasons never seen are absent.
   */
  public SortedMap<String, Long> errors() {
    SortedMap<String, Long> map = reasons(true);
    for (int linkType = 0; linkType < byUnsupportedLinkType.length; linkType++) {
      if (byUnsupportedLinkType[linkType] > 0) {
        map.put("link-type-unsupported-" + linkType, byUnsupportedLinkType[linkType]);
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** Packets that were well formed but not TCP, by kind: {@code "arp"}, {@code "udp"}, ... */
  public SortedMap<String, Long> skipped() {
    return Collections.unmodifiableSortedMap(reasons(false));
  }

  private SortedMap<String, Long> reasons(boolean errors) {
    SortedMap<String, Long> map = new TreeMap<>();
    for (Outcome reason : Outcome.ALL) {
      if (reason.error == errors
          && reason != Outcome.SEGMENT
          && reason != Outcome.LINK_TYPE_UNSUPPORTED
          && byReason[reason.ordinal()] > 0) {
        map.put(reason.key, byReason[reason.ordinal()]);
      }
    }
    return map;
  }

  /** Counts a packet of a link type the decoder does not decode; grows only for a new type. */
  void countUnsupportedLinkType(int linkType) {
    if (linkType < 0 || linkType > MAX_LINK_TYPE) {
      byReason[Outcome.LINK_TYPE_INVALID.ordinal()]++;
      return;
    }
    if (linkType >= byUnsupportedLinkType.length) {
      byUnsupportedLinkType = Arrays.copyOf(byUnsupportedLinkType, linkType + 1);
    }
    byUnsupportedLinkType[linkType]++;
  }

  @Override
  public String toString() {
    return "packets=" + packets + " tcp=" + tcp + " errors=" + errors() + " skipped=" + skipped();
  }
}

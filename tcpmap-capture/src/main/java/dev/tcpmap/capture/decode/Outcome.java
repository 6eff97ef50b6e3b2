package dev.tcpmap.capture.decode;

import java.util.Locale;

/**
 * What decoding one packet gave: a TCP segment, or why not: a decode error (malformed, cut, or not
 * decodable as TCP, such as a fragment) or a skip (well formed but not TCP). The counter key is the
 * constant's name in lower case with dashes, e.g. {@code IPV4_FRAGMENT} is {@code "ipv4-fragment"}.
 * Returned as a constant, so decoding allocates nothing.
 */
enum Outcome {
  SEGMENT(false),
  /** A UDP datagram from or to port 53: handed over by {@code decodeTransport}, else skipped. */
  DNS(false),
  /** Any other UDP datagram: handed over by {@code decodeTransport}, else skipped. */
  UDP(false),
  /** An ICMP or ICMPv6 error with a readable quote: handed over by {@code decodeTransport}. */
  ICMP_ERROR(false),
  /** An error counted by link type number ({@code "link-type-unsupported-147"}), not by key. */
  LINK_TYPE_UNSUPPORTED(true),
  // Errors.
  CAPTURE_BAD_LENGTH(true),
  LINK_TYPE_INVALID(true),
  ETHERNET_TRUNCATED(true),
  VLAN_TRUNCATED(true),
  VLAN_TOO_DEEP(true),
  SLL_TRUNCATED(true),
  SLL2_TRUNCATED(true),
  LOOPBACK_TRUNCATED(true),
  RAW_TRUNCATED(true),
  RAW_BAD_VERSION(true),
  IPV4_TRUNCATED(true),
  IPV4_BAD_VERSION(true),
  IPV4_BAD_HEADER_LENGTH(true),
  IPV4_BAD_TOTAL_LENGTH(true),
  IPV4_FRAGMENT(true),
  IPV6_TRUNCATED(true),
  IPV6_BAD_VERSION(true),
  IPV6_BAD_PAYLOAD_LENGTH(true),
  IPV6_JUMBOGRAM(true),
  IPV6_BAD_EXTENSION_LENGTH(true),
  IPV6_TOO_MANY_EXTENSION_HEADERS(true),
  IPV6_FRAGMENT(true),
  TCP_TRUNCATED(true),
  TCP_BAD_HEADER_LENGTH(true),
  UDP_TRUNCATED(true),
  UDP_BAD_LENGTH(true),
  VXLAN_TRUNCATED(true),
  VXLAN_BAD_FLAGS(true),
  GENEVE_TRUNCATED(true),
  GENEVE_BAD_VERSION(true),
  GENEVE_BAD_OPTIONS_LENGTH(true),
  TUNNEL_TOO_DEEP(true),
  ICMP_TRUNCATED(true),
  ICMP_QUOTE_TRUNCATED(true),
  ICMP_QUOTE_BAD_VERSION(true),
  ICMP_QUOTE_BAD_HEADER_LENGTH(true),
  ICMP_QUOTE_TOO_MANY_EXTENSION_HEADERS(true),
  // Skips: well-formed packets that carry no TCP.
  ARP(false),
  LLC(false),
  OTHER_ETHERTYPE(false),
  NETLINK(false),
  OTHER_ADDRESS_FAMILY(false),
  ICMP(false),
  IGMP(false),
  ICMPV6(false),
  GRE(false),
  ESP(false),
  IPV6_NO_NEXT_HEADER(false),
  OTHER_IP_PROTOCOL(false);

  static final Outcome[] ALL = values();

  final boolean error;
  final String key;

  Outcome(boolean error) {
    this.error = error;
    this.key = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

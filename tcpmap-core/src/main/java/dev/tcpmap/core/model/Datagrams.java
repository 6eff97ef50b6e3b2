package dev.tcpmap.core.model;

import java.util.List;

/**
 * What UDP and ICMP said, each list in the order its records ended (a capture's analysis, the
 * aggregator's logs; whoever keeps them bounds them).
 *
 * @param udp UDP flows
 * @param icmp ICMP and ICMPv6 errors, with what each was matched to
 * @param lookups DNS queries over UDP with their response codes, or unanswered
 */
public record Datagrams(List<UdpFlow> udp, List<IcmpError> icmp, List<DnsLookup> lookups) {
  /** Nothing: a source that reads no datagrams. */
  public static final Datagrams NONE = new Datagrams(List.of(), List.of(), List.of());

  public Datagrams {
    udp = List.copyOf(udp);
    icmp = List.copyOf(icmp);
    lookups = List.copyOf(lookups);
  }
}

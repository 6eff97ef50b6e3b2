package dev.tcpmap.core.event;

/**
 * What a source learns, on the one stream every stage reads (see docs/architecture.md):
 *
 * <pre>
 *   ConnectionOpened ─┐
 *   ConnectionProgress├─ a TCP connection's life, matched by 4-tuple and start
 *   ConnectionClosed ─┘
 *   TlsHandshakeSeen   a TLS handshake read from packets
 *   DnsAnswer          a DNS answer read from packets: a name for an address
 *   CertificateProbed  a server's chain (or why not) read by connecting to it
 *   UdpFlowEnded       a UDP flow's record, once it went quiet (or was answered by ICMP)
 *   IcmpErrorSeen      an ICMP/ICMPv6 error, with the connection or flow it answered
 *   DnsLookupEnded     a DNS query over UDP with its response code, or unanswered
 *   EventsLost         what a source or stage could not deliver, counted
 * </pre>
 *
 * Every source (capture file, live capture, socket tracer, certificate probes) produces these and
 * nothing downstream knows which source ran. Consumers switch over them exhaustively, without
 * {@code default}, so that a new event type breaks the build where it must be handled.
 */
public sealed interface Event
    permits ConnectionOpened,
        ConnectionProgress,
        ConnectionClosed,
        TlsHandshakeSeen,
        DnsAnswer,
        CertificateProbed,
        UdpFlowEnded,
        IcmpErrorSeen,
        DnsLookupEnded,
        EventsLost {

  /** The event's kind as {@code /api/v1/status} counts it ({@code opened}, {@code handshake}…). */
  default String kind() {
    return switch (this) {
      case ConnectionOpened o -> "opened";
      case ConnectionProgress p -> "progress";
      case ConnectionClosed c -> "closed";
      case TlsHandshakeSeen h -> "handshake";
      case DnsAnswer d -> "name";
      case CertificateProbed p -> "probed";
      case UdpFlowEnded u -> "udp";
      case IcmpErrorSeen i -> "icmp";
      case DnsLookupEnded d -> "lookup";
      case EventsLost l -> "lost";
    };
  }
}

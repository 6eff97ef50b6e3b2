package dev.tcpmap.capture;

import dev.tcpmap.capture.decode.DecodeCounters;
import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.dns.DnsLookups;
import dev.tcpmap.capture.dns.DnsMessage;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.handshake.HandshakeCollector;
import dev.tcpmap.capture.track.TcpTracker;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.capture.track.UdpConfig;
import dev.tcpmap.capture.track.UdpTracker;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.IcmpErrorSeen;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The one packet decode loop, for capture files and live capture alike: each packet is decoded, its
 * TCP segments go to the TCP tracker (when connections are counted from packets) and to the
 * handshake collector, its DNS datagrams to the collector, and, when UDP is counted from packets,
 * its datagrams to the UDP tracker, DNS messages to the query matcher and ICMP errors to both
 * trackers; what they learn goes out as events.
 *
 * <pre>
 *   RawPacket ─▶ PacketDecoder ─┬─ TCP ──▶ TcpTracker ─────────────▶ ConnectionOpened/Closed, EventsLost
 *                               │       └▶ HandshakeCollector ─┬───▶ TlsHandshakeSeen
 *                               ├─ DNS ──▶ HandshakeCollector ─┴───▶ DnsAnswer
 *                               │       └▶ DnsLookups ─────────────▶ DnsLookupEnded
 *                               ├─ UDP ──▶ UdpTracker ─────────────▶ UdpFlowEnded (DNS's datagrams too)
 *                               └─ ICMP ─▶ TcpTracker / UdpTracker ▶ IcmpErrorSeen (and their outcomes)
 * </pre>
 *
 * <p>Single-threaded: one instance belongs to the thread that reads the packets (a file's reader,
 * the live capture thread); {@code sink} is called on it. The packet's bytes are read during {@link
 * #packet} only.
 */
public final class PacketEvents {
  private static final int TCP_PROTOCOL = 6;
  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();
  private final TcpTracker tracker;
  private final HandshakeCollector collector;
  private final UdpTracker udp;
  private final DnsLookups lookups;
  private final EventSink sink;
  private long lastTimestamp;

  /**
   * @param tracking counts TCP connections from the packets as {@code config} says; empty where
   *     another source counts them (the live agent's socket tracer) and only handshakes and answers
   *     are read
   * @param idleTimeout a connection followed for its handshake ends after this long without a
   *     packet
   */
  public PacketEvents(Optional<TrackerConfig> tracking, Duration idleTimeout, EventSink sink) {
    this(tracking, Optional.empty(), idleTimeout, sink);
  }

  /**
   * @param tracking counts TCP connections from the packets as {@code config} says; empty where
   *     another source counts them
   * @param udpTracking counts UDP flows, matches DNS queries to their answers and ICMP errors to
   *     what they answer, as {@code config} says; empty where only handshakes and answers are read
   * @param idleTimeout a connection followed for its handshake ends after this long without a
   *     packet
   */
  public PacketEvents(
      Optional<TrackerConfig> tracking,
      Optional<UdpConfig> udpTracking,
      Duration idleTimeout,
      EventSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.tracker = tracking.map(config -> new TcpTracker(config, sink)).orElse(null);
    this.udp = udpTracking.map(config -> new UdpTracker(config, sink)).orElse(null);
    this.lookups =
        udpTracking
            .map(config -> new DnsLookups(config.dnsTimeout(), config.maxFlows(), sink))
            .orElse(null);
    this.collector =
        new HandshakeCollector(
            HandshakeCollector.DEFAULT_MAX_FLOWS,
            idleTimeout,
            new HandshakeCollector.Sink() {
              @Override
              public void handshake(TlsHandshake handshake) {
                sink.accept(new TlsHandshakeSeen(handshake));
              }

              @Override
              public void name(DnsName name) {
                sink.accept(new DnsAnswer(name));
              }
            });
  }

  /** Decodes one packet and hands it to whoever reads its kind. */
  public void packet(RawPacket packet) {
    int kind = decoder.decodeTransport(packet, segment);
    switch (kind) {
      case PacketDecoder.TCP -> {
        if (tracker != null) {
          tracker.accept(segment);
        }
        collector.segment(segment, packet.data);
      }
      case PacketDecoder.DNS -> {
        Optional<DnsMessage> message = collector.datagram(segment, packet.data);
        if (udp != null) {
          udp.accept(segment);
          message.ifPresent(m -> lookups.message(segment, m));
        }
      }
      case PacketDecoder.UDP -> {
        if (udp != null) {
          udp.accept(segment);
        }
      }
      case PacketDecoder.ICMP_ERROR -> {
        if (udp != null) {
          icmpError(segment);
        }
      }
      default -> {}
    }
    lastTimestamp = Math.max(lastTimestamp, packet.timestampNanos);
    if (udp != null) {
      // Every packet moves their clocks, so that a flow or query ends on time whatever follows it.
      udp.advance(packet.timestampNanos);
      lookups.advance(packet.timestampNanos);
    }
  }

  /** Matches an ICMP error to the connection or flow it quotes and reports it. */
  private void icmpError(TcpSegment s) {
    IcmpError unmatched =
        new IcmpError(
            Nanos.instant(s.timestampNanos),
            s.v6,
            s.icmpType,
            s.icmpCode,
            s.reporter(),
            s.quotedProtocol == TCP_PROTOCOL ? "tcp" : "udp",
            s.source(),
            s.srcPort,
            s.destination(),
            s.dstPort,
            "none");
    boolean matched =
        s.quotedProtocol == TCP_PROTOCOL
            ? tracker != null && tracker.icmpError(s, unmatched.failsDelivery())
            : udp.icmpError(s, unmatched.portUnreachable(), unmatched.failsDelivery());
    sink.accept(
        new IcmpErrorSeen(matched ? unmatched.withMatched(unmatched.protocol()) : unmatched));
  }

  /**
   * Tells the collector that time passed without packets (live capture's clock), so that a
   * handshake whose connection went quiet is reported within the idle timeout.
   */
  public void advance(long epochNanos) {
    collector.advance(epochNanos);
    if (udp != null) {
      udp.advance(epochNanos);
      lookups.advance(epochNanos);
    }
  }

  /**
   * Ends every connection still tracked or followed, as of the last packet seen: the tracker
   * reports them (outcome unknown), the collector what their handshakes showed.
   */
  public void finish() {
    if (tracker != null) {
      tracker.finish(lastTimestamp);
    }
    collector.finish();
    if (udp != null) {
      udp.finish();
      lookups.finish();
    }
  }

  /** Packets read, decoded, skipped and broken, by kind and reason. */
  public DecodeCounters counters() {
    return decoder.counters();
  }

  /** TLS connections given up (or certificates unreadable), by reason. */
  public SortedMap<String, Long> tlsProblems() {
    return collector.tlsProblems();
  }

  /** DNS messages or streams given up, by reason. */
  public SortedMap<String, Long> dnsProblems() {
    return collector.dnsProblems();
  }
}

package dev.tcpmap.capture;

import dev.tcpmap.capture.decode.DecodeCounters;
import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.handshake.HandshakeCollector;
import dev.tcpmap.capture.track.TcpTracker;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The one packet decode loop, for capture files and live capture alike: each packet is decoded, its
 * TCP segments go to the TCP tracker (when connections are counted from packets) and to the
 * handshake collector, its DNS datagrams to the collector, and what they learn goes out as events.
 *
 * <pre>
 *   RawPacket ─▶ PacketDecoder ─┬─ TCP ─▶ TcpTracker ─────────────▶ ConnectionOpened/Closed, EventsLost
 *                               │      └▶ HandshakeCollector ─┬───▶ TlsHandshakeSeen
 *                               └─ DNS ─▶ HandshakeCollector ─┴───▶ DnsAnswer
 * </pre>
 *
 * <p>Single-threaded: one instance belongs to the thread that reads the packets (a file's reader,
 * the live capture thread); {@code sink} is called on it. The packet's bytes are read during {@link
 * #packet} only.
 */
public final class PacketEvents {
  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();
  private final TcpTracker tracker;
  private final HandshakeCollector collector;
  private long lastTimestamp;

  /**
   * @param tracking counts TCP connections from the packets as {@code config} says; empty where
   *     another source counts them (the live agent's socket tracer) and only handshakes and answers
   *     are read
   * @param idleTimeout a connection followed for its handshake ends after this long without a
   *     packet
   */
  public PacketEvents(Optional<TrackerConfig> tracking, Duration idleTimeout, EventSink sink) {
    Objects.requireNonNull(sink, "sink");
    this.tracker = tracking.map(config -> new TcpTracker(config, sink)).orElse(null);
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
    if (kind == PacketDecoder.TCP) {
      if (tracker != null) {
        tracker.accept(segment);
      }
      collector.segment(segment, packet.data);
    } else if (kind == PacketDecoder.DNS) {
      collector.datagram(segment, packet.data);
    }
    lastTimestamp = Math.max(lastTimestamp, packet.timestampNanos);
  }

  /**
   * Tells the collector that time passed without packets (live capture's clock), so that a
   * handshake whose connection went quiet is reported within the idle timeout.
   */
  public void advance(long epochNanos) {
    collector.advance(epochNanos);
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

package dev.tcpmap.capture;

import dev.tcpmap.capture.decode.DecodeCounters;
import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.handshake.HandshakeCollector;
import dev.tcpmap.capture.track.TcpTracker;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a capture file through the decoder, the TCP tracker and the handshake collector (TLS and
 * DNS) and collects what they report: the offline source behind {@code tcpmap analyze}. One
 * analysis per call; not thread-safe.
 */
public final class CaptureAnalyzer {
  /** Packets between two progress reports: often enough for a smooth bar, cheap per packet. */
  private static final int PROGRESS_EVERY = 1 << 16;

  private final TrackerConfig config;
  private final int maxConnections;

  public CaptureAnalyzer(TrackerConfig config) {
    this(config, Integer.MAX_VALUE);
  }

  /**
   * @param maxConnections most connection records kept, and most TLS and DNS records each; later
   *     ones are counted as lost under "analyzer/connection-records-full" (…{@code
   *     tls-records-full}, …{@code dns-records-full}) instead
   */
  public CaptureAnalyzer(TrackerConfig config, int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    this.config = config;
    this.maxConnections = maxConnections;
  }

  /** Receives the reader's position and the file size now and then, on the calling thread. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (position, size) -> {};

    void update(long position, long size);
  }

  public AnalysisResult analyze(Path file) throws IOException {
    return analyze(file, Progress.NONE);
  }

  /**
   * @throws IOException when the file cannot be opened or is not a capture at all; a file that is
   *     cut short or corrupt later gives a result with {@link AnalysisResult#error()} set
   */
  public AnalysisResult analyze(Path file, Progress progress) throws IOException {
    Collector collector = new Collector(maxConnections);
    TcpTracker tracker = new TcpTracker(config, collector);
    HandshakeCollector handshakes =
        new HandshakeCollector(
            HandshakeCollector.DEFAULT_MAX_FLOWS, config.idleTimeout(), collector);
    PacketDecoder decoder = new PacketDecoder();
    RawPacket packet = new RawPacket();
    TcpSegment segment = new TcpSegment();
    Optional<CaptureFormatException> error = Optional.empty();
    long lastTimestamp = 0;
    try (CaptureReader reader = CaptureReader.open(file)) {
      long count = 0;
      try {
        while (reader.next(packet)) {
          int kind = decoder.decodeTransport(packet, segment);
          if (kind == PacketDecoder.TCP) {
            tracker.accept(segment);
            handshakes.segment(segment, packet.data);
          } else if (kind == PacketDecoder.DNS) {
            handshakes.datagram(segment, packet.data);
          }
          lastTimestamp = Math.max(lastTimestamp, packet.timestampNanos);
          if (++count % PROGRESS_EVERY == 0) {
            progress.update(reader.position(), reader.size());
          }
        }
      } catch (CaptureFormatException e) {
        if (count == 0) {
          throw e;
        }
        error = Optional.of(e);
      }
      progress.update(reader.position(), reader.size());
    }
    tracker.finish(lastTimestamp);
    handshakes.finish();
    DecodeCounters counters = decoder.counters();
    return new AnalysisResult(
        file,
        counters.packets(),
        counters.tcp(),
        counters.errors(),
        counters.skipped(),
        collector.connections,
        collector.losses,
        collector.handshakes,
        collector.names,
        handshakes.tlsProblems(),
        handshakes.dnsProblems(),
        error);
  }

  /**
   * Keeps the tracker's and the handshake collector's output: closed connections, handshakes and
   * names (each up to a cap), and losses.
   */
  private static final class Collector
      implements dev.tcpmap.core.event.EventSink, HandshakeCollector.Sink {
    private final int max;
    private final List<Connection> connections = new ArrayList<>();
    private final List<TlsHandshake> handshakes = new ArrayList<>();
    private final List<DnsName> names = new ArrayList<>();
    private final TreeMap<String, Long> losses = new TreeMap<>();

    Collector(int max) {
      this.max = max;
    }

    @Override
    public void accept(Event event) {
      switch (event) {
        case ConnectionClosed closed -> keep(closed.connection());
        case EventsLost lost ->
            losses.merge(lost.source() + "/" + lost.reason(), lost.count(), Long::sum);
        case ConnectionOpened opened -> {}
        case ConnectionProgress progress -> {}
      }
    }

    @Override
    public void handshake(TlsHandshake handshake) {
      keep(handshakes, handshake, "analyzer/tls-records-full");
    }

    @Override
    public void name(DnsName name) {
      keep(names, name, "analyzer/dns-records-full");
    }

    private void keep(Connection connection) {
      keep(connections, connection, "analyzer/connection-records-full");
    }

    private <T> void keep(List<T> records, T record, String loss) {
      if (records.size() < max) {
        records.add(record);
      } else {
        losses.merge(loss, 1L, Long::sum);
      }
    }
  }
}

package dev.tcpmap.capture;

import dev.tcpmap.capture.decode.DecodeCounters;
import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
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
 * Reads a capture file through the packet decode loop ({@link PacketEvents}: the decoder, the TCP
 * tracker and the handshake collector) and delivers what it learns as events: the offline source
 * behind {@code tcpmap analyze} ({@link CaptureFileSource}). One analysis per call; not
 * thread-safe.
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
   * Reads the whole file and collects what it held: its connections, handshakes and answers (each
   * up to the configured number) and its counts.
   *
   * @throws IOException when the file cannot be opened or is not a capture at all; a file that is
   *     cut short or corrupt later gives a result with {@link AnalysisResult#error()} set
   */
  public AnalysisResult analyze(Path file, Progress progress) throws IOException {
    Collector collector = new Collector(maxConnections);
    CaptureStats stats = analyze(file, collector, progress);
    return new AnalysisResult(
        file,
        stats.packets(),
        stats.tcpPackets(),
        stats.decodeErrors(),
        stats.skipped(),
        collector.connections,
        collector.losses,
        collector.handshakes,
        collector.names,
        stats.tlsProblems(),
        stats.dnsProblems(),
        stats.error());
  }

  /**
   * Reads the whole file through the packet decode loop ({@link PacketEvents}), delivering its
   * events to {@code sink} on the calling thread as they happen, and at the end those of the
   * connections and handshakes still open.
   *
   * @throws IOException when the file cannot be opened or is not a capture at all; a file that is
   *     cut short or corrupt later delivers everything before the cut and says so in {@link
   *     CaptureStats#error()}
   */
  public CaptureStats analyze(Path file, EventSink sink, Progress progress) throws IOException {
    PacketEvents events = new PacketEvents(Optional.of(config), config.idleTimeout(), sink);
    RawPacket packet = new RawPacket();
    Optional<CaptureFormatException> error = Optional.empty();
    try (CaptureReader reader = CaptureReader.open(file)) {
      long count = 0;
      try {
        while (reader.next(packet)) {
          events.packet(packet);
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
    events.finish();
    DecodeCounters counters = events.counters();
    return new CaptureStats(
        file,
        counters.packets(),
        counters.tcp(),
        counters.errors(),
        counters.skipped(),
        events.tlsProblems(),
        events.dnsProblems(),
        error);
  }

  /**
   * Keeps what a file's events say, for {@link #analyze(Path)}: closed connections, handshakes and
   * names (each up to a cap), and losses.
   */
  private static final class Collector implements EventSink {
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
        case ConnectionClosed closed ->
            keep(connections, closed.connection(), "analyzer/connection-records-full");
        case TlsHandshakeSeen seen ->
            keep(handshakes, seen.handshake(), "analyzer/tls-records-full");
        case DnsAnswer answer -> keep(names, answer.name(), "analyzer/dns-records-full");
        case EventsLost lost ->
            losses.merge(lost.source() + "/" + lost.reason(), lost.count(), Long::sum);
        case ConnectionOpened opened -> {}
        case ConnectionProgress progress -> {}
        case CertificateProbed probed -> {}
      }
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

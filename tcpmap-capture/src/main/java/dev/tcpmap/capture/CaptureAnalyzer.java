package dev.tcpmap.capture;

import dev.tcpmap.capture.decode.DecodeCounters;
import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.capture.track.UdpConfig;
import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.IcmpErrorSeen;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Datagrams;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.core.tls.TlsHandshake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a capture file through the packet decode loop ({@link PacketEvents}: the decoder, the TCP
 * and UDP trackers, the DNS query matcher and the handshake collector) and delivers what it learns
 * as events: the offline source behind {@code tcpmap analyze} ({@link CaptureFileSource}). One
 * analysis per call; not thread-safe.
 */
public final class CaptureAnalyzer {
  /** Packets between two progress reports: often enough for a smooth bar, cheap per packet. */
  private static final int PROGRESS_EVERY = 1 << 16;

  private final TrackerConfig config;
  private final UdpConfig udp;

  /** TCP as {@code config} says, UDP with its defaults ({@link UdpConfig#defaults()}). */
  public CaptureAnalyzer(TrackerConfig config) {
    this(config, UdpConfig.defaults());
  }

  public CaptureAnalyzer(TrackerConfig config, UdpConfig udp) {
    this.config = config;
    this.udp = udp;
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
   * Reads the whole file and collects everything it held: its connections, handshakes, answers and
   * counts. Unbounded: for tests and tools that read small files; {@code tcpmap analyze} sends the
   * events through the aggregator instead, which bounds what it keeps.
   *
   * @throws IOException when the file cannot be opened or is not a capture at all; a file that is
   *     cut short or corrupt later gives a result with {@link CaptureStats#error()} set
   */
  public AnalysisResult analyze(Path file, Progress progress) throws IOException {
    Collector collector = new Collector();
    CaptureStats stats = analyze(file, collector, progress);
    return new AnalysisResult(
        stats,
        collector.connections,
        collector.losses,
        collector.handshakes,
        collector.names,
        new Datagrams(collector.udp, collector.icmp, collector.lookups));
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
    PacketEvents events =
        new PacketEvents(Optional.of(config), Optional.of(udp), config.idleTimeout(), sink);
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

  /** Keeps everything a file's events say, for {@link #analyze(Path)}. */
  private static final class Collector implements EventSink {
    private final List<Connection> connections = new ArrayList<>();
    private final List<TlsHandshake> handshakes = new ArrayList<>();
    private final List<DnsName> names = new ArrayList<>();
    private final List<UdpFlow> udp = new ArrayList<>();
    private final List<IcmpError> icmp = new ArrayList<>();
    private final List<DnsLookup> lookups = new ArrayList<>();
    private final TreeMap<String, Long> losses = new TreeMap<>();

    @Override
    public void accept(Event event) {
      switch (event) {
        case ConnectionClosed closed -> connections.add(closed.connection());
        case TlsHandshakeSeen seen -> handshakes.add(seen.handshake());
        case DnsAnswer answer -> names.add(answer.name());
        case UdpFlowEnded ended -> udp.add(ended.flow());
        case IcmpErrorSeen seen -> icmp.add(seen.error());
        case DnsLookupEnded ended -> lookups.add(ended.lookup());
        case EventsLost lost ->
            losses.merge(lost.source() + "/" + lost.reason(), lost.count(), Long::sum);
        case ConnectionOpened opened -> {}
        case ConnectionProgress progress -> {}
        case CertificateProbed probed -> {}
      }
    }
  }
}

package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.capture.CaptureAnalyzer;
import dev.tcpmap.capture.CaptureFileSource;
import dev.tcpmap.capture.CaptureStats;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.capture.track.TrackerSettings;
import dev.tcpmap.capture.track.UdpConfig;
import dev.tcpmap.capture.track.UdpSettings;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.enrich.TrafficNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * A capture file, wired: the file as the one source, the traffic's names as the one stage, the
 * aggregator without history (a file's windows are answered from its records).
 *
 * <pre>
 *   CaptureFileSource ─▶ Pipeline ─▶ TrafficNames ─▶ Aggregator ─▶ snapshot
 * </pre>
 *
 * @param stats what the file held beside its events
 * @param snapshot its connections, handshakes, answers and losses; names by IP and by what the
 *     traffic said (a file has no cluster, and it is read without asking anyone)
 * @param traffic what the traffic said of external addresses, for names given later
 */
public record FileAnalysis(CaptureStats stats, Snapshot snapshot, TrafficNames traffic) {

  /**
   * Reads {@code file} to its end.
   *
   * @throws IOException when the file cannot be opened or is not a capture; a file cut short later
   *     gives everything before the cut and says so in {@link CaptureStats#error()}
   */
  public static FileAnalysis of(Path file, Configuration config, CaptureAnalyzer.Progress progress)
      throws IOException {
    AggregateSettings.Limits limits = config.get(AggregateSettings.AREA).analyze();
    int max = limits.connections();
    TrafficNames traffic = new TrafficNames(max);
    Resolver names = traffic.over(Resolver.IP_ONLY);
    Aggregator aggregator =
        new Aggregator(
            new Aggregator.Options("analyzer", max, limits.handshakes(), Optional.empty()),
            names,
            InstantSource.system());
    Pipeline pipeline =
        new Pipeline(
            List.of(traffic), aggregator, Optional.empty(), Duration.ZERO, InstantSource.system());
    TrackerConfig tracker = config.get(TrackerSettings.AREA);
    UdpConfig udp = config.get(UdpSettings.AREA);
    CaptureFileSource source =
        new CaptureFileSource(file, new CaptureAnalyzer(tracker, udp), progress);
    try {
      pipeline.start(List.of(source));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      pipeline.stop();
    }
    return new FileAnalysis(source.stats().orElseThrow(), pipeline.snapshot(), traffic);
  }
}

package dev.tcpmap.capture;

import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A capture file as a source: {@link #start} reads the whole file on the calling thread and
 * delivers its events (connections from packets, handshakes, answers), the connections still open
 * at its end included; the counts of the file are then {@link #stats}.
 */
public final class CaptureFileSource implements Source {
  /** The source's name in a status. */
  public static final String NAME = "capture-file";

  private final Path file;
  private final CaptureAnalyzer analyzer;
  private final CaptureAnalyzer.Progress progress;
  private volatile CaptureStats stats;

  public CaptureFileSource(Path file, CaptureAnalyzer analyzer, CaptureAnalyzer.Progress progress) {
    this.file = Objects.requireNonNull(file, "file");
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Reads the file to its end.
   *
   * @throws UncheckedIOException when the file cannot be opened or is not a capture at all (its
   *     cause says why: a missing file, a format tcpmap does not read); a file cut short later
   *     delivers everything before the cut and says so in {@link #stats}
   */
  @Override
  public void start(EventSink sink) {
    try {
      stats = analyzer.analyze(file, sink, progress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the file held; empty until {@link #start} has returned. */
  public Optional<CaptureStats> stats() {
    return Optional.ofNullable(stats);
  }

  @Override
  public List<SourceStatus> status() {
    String message =
        stats == null
            ? file.toString()
            : file
                + ": "
                + stats.packets()
                + " packets"
                + stats.error().map(e -> ", cut short").orElse("");
    return List.of(new SourceStatus(NAME, SourceStatus.State.STOPPED, message));
  }

  /** Nothing to do: the file was read to its end by {@link #start}. */
  @Override
  public void stop() {}
}

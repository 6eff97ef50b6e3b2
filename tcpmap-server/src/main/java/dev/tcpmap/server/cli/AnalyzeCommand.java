package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.wire.AnalysisJson;
import dev.tcpmap.api.wire.TextReport;
import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.capture.CaptureAnalyzer;
import dev.tcpmap.capture.track.TrackerSettings;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.server.agent.FileAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tcpmap analyze FILE}: the connections in a capture file, as a report, JSON, or served. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    header = "Reports the TCP connections, TLS handshakes and DNS answers in a capture file.",
    usageHelpWidth = 100,
    description = {
      "Reports the TCP connections in a pcap or pcapng capture (gzip-compressed or not):",
      "who talked to whom, payload bytes each way, how long, how each ended;",
      "the TLS handshakes (SNI, versions, ciphers, certificates) and DNS answers in it.",
      "Durations are written as Go writes them (10s, 1m30s, 250ms); see docs/configuration.md."
    })
final class AnalyzeCommand implements Callable<Integer> {
  /** Files larger than this get a progress bar (when stderr is a terminal). */
  private static final long PROGRESS_MIN_BYTES = 32L << 20;

  /** Replaced, once the configuration is read, by one whose lines follow {@code log.*}. */
  private Context context;

  /** The settings this command offers as options. */
  static final List<Setting<?>> OPTIONS =
      SettingOptions.serving(
          TrackerSettings.IDLE_TIMEOUT,
          TrackerSettings.CONNECT_TIMEOUT,
          TrackerSettings.MAX_TRACKED,
          AggregateSettings.ANALYZE_MAX_CONNECTIONS);

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The capture file (pcap, pcapng, optionally .gz).")
  private Path file;

  @Option(names = "--json", description = "Print one JSON document instead of the report.")
  private boolean json;

  @Option(
      names = "--serve",
      description = "Keep the result and serve the HTTP API on it (k8spacket's and /api/v1).")
  private boolean serve;

  @Option(names = "--top", paramLabel = "N", description = "Edges in the report (default: 10).")
  private int top = 10;

  @Option(names = "--no-progress", description = "Never draw a progress bar.")
  private boolean noProgress;

  @Option(
      names = "--filter",
      paramLabel = "EXPR",
      description =
          "Only the connections EXPR passes, and their TLS handshakes, in the report, the JSON"
              + " and what --serve serves (the filter language of docs/api.md), e.g."
              + " 'dst.namespace == \"\" and bytes.sent > 1000000'.")
  private String filter;

  AnalyzeCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    if (top < 0) {
      throw new UserError("--top must not be negative: " + top);
    }
    Cli.Loaded loaded = Cli.load(context, SettingOptions.values(spec, OPTIONS), false);
    Configuration config = loaded.config();
    context = loaded.context();
    ConnectionFilter expression = expression(config);
    if (serve) {
      // Said before a long analysis rather than after it.
      Cli.checkPortFree(config.get(ApiSettings.AREA));
      ApiServer.checkAccess(Cli.apiConfig(config));
    }
    FileAnalysis analysis = select(analyze(config), expression);
    AnalysisResult result = result(analysis);
    List<EdgeStats> edges =
        Edges.ofRecords(analysis.snapshot().records(), persistent(config), TimeRange.ALL);
    if (json) {
      AnalysisJson.write(context.out(), result, edges);
      context.out().println();
    } else {
      TextReport.print(context.out(), result, edges, persistent(config), top);
    }
    context.out().flush();
    int status = reportError(result);
    if (serve) {
      Cli.serve(context, config, analysis);
    }
    return status;
  }

  /** The {@code --filter} expression, compiled before the file is read: a typo costs nothing. */
  private ConnectionFilter expression(Configuration config) {
    try {
      return ConnectionFilter.compile(filter, persistent(config));
    } catch (QueryException e) {
      throw new UserError("--" + e.getMessage());
    }
  }

  private static FileAnalysis select(FileAnalysis analysis, ConnectionFilter expression) {
    return expression.isNone()
        ? analysis
        : new FileAnalysis(
            analysis.stats(), expression.select(analysis.snapshot()), analysis.traffic());
  }

  private static Duration persistent(Configuration config) {
    return config.get(AggregateSettings.AREA).persistent();
  }

  private FileAnalysis analyze(Configuration config) throws IOException {
    if (!Files.isRegularFile(file) && Files.exists(file)) {
      throw new UserError("not a regular file: " + file);
    }
    boolean bar =
        !noProgress
            && context.stderrIsTerminal()
            && Files.exists(file)
            && Files.size(file) >= PROGRESS_MIN_BYTES;
    if (!bar) {
      return FileAnalysis.of(file, config, CaptureAnalyzer.Progress.NONE);
    }
    ProgressBar progress = new ProgressBar(context.err());
    try {
      return FileAnalysis.of(file, config, progress);
    } finally {
      progress.clear();
    }
  }

  /** The file's counts and records in one value, for the report and the document. */
  static AnalysisResult result(FileAnalysis analysis) {
    Snapshot snapshot = analysis.snapshot();
    return new AnalysisResult(
        analysis.stats(),
        snapshot.connections(),
        new TreeMap<>(snapshot.losses()),
        snapshot.handshakes(),
        snapshot.names(),
        snapshot.datagrams());
  }

  /** A file cut short still gives its report; then the problem is said and the exit code is 2. */
  private int reportError(AnalysisResult result) {
    if (result.stats().error().isEmpty()) {
      return 0;
    }
    context.err().println("tcpmap: " + result.stats().error().get().getMessage());
    context.err().println("tcpmap: the report covers everything before that point");
    return Main.USER_ERROR;
  }
}

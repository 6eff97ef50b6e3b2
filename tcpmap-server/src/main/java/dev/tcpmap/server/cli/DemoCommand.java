package dev.tcpmap.server.cli;

import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.capture.CaptureAnalyzer;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.config.TcpmapConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tcpmap demo}: analyzes the capture shipped inside tcpmap (real traffic between test hosts,
 * made by the project's traffic generator) and serves it, so a newcomer sees the API at once.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Analyzes the bundled demo capture and serves the HTTP API on it.")
final class DemoCommand implements Callable<Integer> {
  static final String RESOURCE = "/dev/tcpmap/server/demo/demo.pcap";

  private final Context context;

  @Option(names = "--port", paramLabel = "PORT", description = "api.port (default 6676).")
  private String port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "api.bind (default 127.0.0.1).")
  private String bind;

  DemoCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    Map<String, String> options = new HashMap<>();
    if (port != null) {
      options.put("api.port", port);
    }
    if (bind != null) {
      options.put("api.bind", bind);
    }
    TcpmapConfig config = Cli.loadConfig(context, options);
    Path capture = extract();
    try {
      TrackerConfig tracker =
          new TrackerConfig(config.idleTimeout(), config.connectTimeout(), config.maxTracked());
      AnalysisResult result =
          new CaptureAnalyzer(tracker, config.maxConnections()).analyze(capture);
      context
          .out()
          .printf(
              "tcpmap demo: %,d connections from the bundled capture (%,d packets)%n",
              result.connections().size(), result.packets());
      Cli.serve(context, config, result.connections(), result.losses());
      return 0;
    } finally {
      Files.deleteIfExists(capture);
    }
  }

  /** Capture files are memory-mapped, so the resource is copied to a file first. */
  private static Path extract() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the demo capture is missing from the jar: " + RESOURCE);
      }
      Path file = Files.createTempFile("tcpmap-demo-", ".pcap");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    }
  }
}

package dev.tcpmap.server.cli;

import dev.tcpmap.capture.CaptureAnalyzer;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.source.SourceUnavailableException;
import dev.tcpmap.ebpf.TracerSettings;
import dev.tcpmap.ebpf.env.Privileges;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.server.agent.FileAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tcpmap demo}: the live agent on this host when it can run (root or the capabilities), else
 * (saying why) the capture shipped inside tcpmap (real traffic between test hosts, made by the
 * project's traffic generator), served either way so a newcomer sees the API at once.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Runs the live agent when it can, else serves the bundled demo capture.",
    description = {
      "Runs the live agent on this host when it can (root, or CAP_BPF + CAP_PERFMON);",
      "otherwise says why and serves the HTTP API on the bundled demo capture."
    })
final class DemoCommand implements Callable<Integer> {
  static final String RESOURCE = "/dev/tcpmap/server/demo/demo.pcap";

  /** Replaced, once the configuration is read, by one whose lines follow {@code log.*}. */
  private Context context;

  /** The settings this command offers as options. */
  static final List<Setting<?>> OPTIONS = SettingOptions.SERVING;

  @Spec private CommandSpec spec;

  @Option(
      names = "--capture",
      description = "Serve the bundled capture even when the live agent could run.")
  private boolean captureOnly;

  DemoCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    Cli.Loaded loaded = Cli.load(context, SettingOptions.values(spec, OPTIONS), true);
    Configuration config = loaded.config();
    context = loaded.context();
    if (!captureOnly) {
      SocketSource source = openAgentSource(config);
      if (source != null) {
        context.out().println("tcpmap demo: live agent on this host's TCP sockets");
        AgentCommand.serve(context, config, source);
        return 0;
      }
    }
    return serveCapture(config);
  }

  /** The live source, or null after saying on stderr why the agent cannot run here. */
  private SocketSource openAgentSource(Configuration config) {
    Optional<String> missing = Privileges.missing();
    String why;
    if (missing.isEmpty()) {
      try {
        return context.sources().open(config.get(TracerSettings.AREA).tracer());
      } catch (SourceUnavailableException e) {
        why = e.getMessage();
      }
    } else {
      why = missing.get();
    }
    context
        .err()
        .println(
            "tcpmap demo: the live agent cannot run here ("
                + why
                + "); serving the bundled capture instead");
    return null;
  }

  private int serveCapture(Configuration config) throws IOException {
    Path capture = extract();
    try {
      FileAnalysis analysis = FileAnalysis.of(capture, config, CaptureAnalyzer.Progress.NONE);
      context
          .out()
          .printf(
              "tcpmap demo: %,d connections from the bundled capture (%,d packets)%n",
              analysis.snapshot().records().size(), analysis.stats().packets());
      Cli.serve(context, config, analysis);
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

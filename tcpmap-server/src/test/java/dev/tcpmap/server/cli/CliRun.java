package dev.tcpmap.server.cli;

import dev.tcpmap.server.api.ApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured streams; servers it starts are kept for the test. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;
  final List<ApiServer> servers;

  private CliRun(int exitCode, String out, String err, List<ApiServer> servers) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
    this.servers = servers;
  }

  static CliRun run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<ApiServer> servers = new ArrayList<>();
    Context context =
        new Context(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            false,
            servers::add);
    int code = Main.run(context, args);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), servers);
  }

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** Copies the bundled demo capture to {@code dir/demo.pcap}. */
  static Path demoCapture(Path dir) throws IOException {
    Path file = dir.resolve("demo.pcap");
    try (InputStream in = CliRun.class.getResourceAsStream(DemoCommand.RESOURCE)) {
      Files.copy(in, file);
    }
    return file;
  }

  static HttpResponse<String> get(ApiServer server, String pathAndQuery)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  void closeServers() {
    servers.forEach(ApiServer::close);
  }
}

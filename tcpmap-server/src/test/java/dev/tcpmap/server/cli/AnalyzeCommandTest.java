package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.api.wire.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  @TempDir Path dir;

  @Test
  void analyze_demoCapture_printsReportAsGolden() throws IOException {
    Path file = CliRun.demoCapture(dir);

    CliRun run = CliRun.run("analyze", file.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.err).isEmpty();
    GoldenFiles.assertMatches("cli-analyze-demo.txt", run.out.replace(dir + "/", ""));
  }

  @Test
  void analyze_json_printsOneDocumentAsGolden() throws IOException {
    Path file = CliRun.demoCapture(dir);

    CliRun run = CliRun.run("analyze", "--json", file.toString());

    assertThat(run.exitCode).isZero();
    JsonNode doc = Json.mapper().readTree(run.out);
    assertThat(doc.get("connections").size()).isEqualTo(35);
    assertThat(doc.get("packets").asLong()).isEqualTo(600);
    GoldenFiles.assertMatches("cli-analyze-demo.json", run.out.replace(dir + "/", ""));
  }

  @Test
  void analyze_json_bytesOfConnectionsSumToEdgeTotals() throws IOException {
    JsonNode doc =
        Json.mapper()
            .readTree(CliRun.run("analyze", "--json", CliRun.demoCapture(dir).toString()).out);

    long connectionBytes = 0;
    for (JsonNode c : doc.get("connections")) {
      connectionBytes += c.get("bytesSent").asLong() + c.get("bytesReceived").asLong();
    }
    long edgeBytes = 0;
    for (JsonNode e : doc.get("edges")) {
      edgeBytes += e.get("bytesSent").asLong() + e.get("bytesReceived").asLong();
    }
    assertThat(connectionBytes).isPositive().isEqualTo(edgeBytes);
  }

  @Test
  void analyze_serve_answersTheApiWithTheSameConnections() throws Exception {
    Path file = CliRun.demoCapture(dir);

    CliRun run = CliRun.run("analyze", "--serve", "--port", "0", "--no-progress", file.toString());
    try {
      assertThat(run.exitCode).isZero();
      assertThat(run.out).contains("serving on http://127.0.0.1:");
      HttpResponse<String> response = CliRun.get(run.servers.getFirst(), "/api/v1/connections");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(response.body()).get("connections").size()).isEqualTo(35);
    } finally {
      run.closeServers();
    }
  }

  @Test
  void analyze_missingFile_isOneLineAndExitCode2() {
    CliRun run = CliRun.run("analyze", dir.resolve("nope.pcap").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).isEqualTo("tcpmap: no such file: " + dir.resolve("nope.pcap") + "\n");
  }

  @Test
  void analyze_notACapture_namesTheOffset() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture\n");

    CliRun run = CliRun.run("analyze", file.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.lines()).hasSize(1);
    assertThat(run.err).startsWith("tcpmap: unknown file format").contains("at byte 0");
  }

  @Test
  void analyze_truncatedFile_reportsWhatCameBeforeAndExitCode2() throws IOException {
    byte[] whole = Files.readAllBytes(CliRun.demoCapture(dir));
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 50));

    CliRun run = CliRun.run("analyze", "--json", cut.toString());

    assertThat(run.exitCode).isEqualTo(2);
    JsonNode doc = Json.mapper().readTree(run.out);
    assertThat(doc.get("packets").asLong()).isEqualTo(599);
    assertThat(doc.get("error").asText()).startsWith("truncated record");
    assertThat(run.err).contains("at byte ").doesNotContain("Exception");
  }

  @Test
  void analyze_unknownOption_isAUsageErrorWithExitCode2() {
    CliRun run = CliRun.run("analyze", "--frobnicate", "x.pcap");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo(
            "tcpmap analyze: Unknown option: '--frobnicate' (see tcpmap analyze --help)"
                + System.lineSeparator());
  }

  @Test
  void analyze_invalidDuration_namesTheKey() throws IOException {
    CliRun run =
        CliRun.run("analyze", "--idle-timeout", "soon", CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .startsWith("tcpmap: tcp.idle-timeout (from option --idle-timeout): not a duration");
  }

  @Test
  void analyze_unknownTcpmapVariable_isRejected() throws IOException {
    CliRun run =
        CliRun.run(
            Map.of("TCPMAP_IDLE_TIMEOUT", "1m"), "analyze", CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("tcpmap: TCPMAP_IDLE_TIMEOUT: unknown configuration variable");
  }

  @Test
  void analyze_k8spacketPersistentDuration_isUsedAndSaid() throws IOException {
    CliRun run =
        CliRun.run(
            Map.of("K8S_PACKET_TCP_PERSISTENT_DURATION", "1h"),
            "analyze",
            CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.err)
        .contains(
            "using k8spacket setting K8S_PACKET_TCP_PERSISTENT_DURATION -> tcp.persistent-duration");
    assertThat(run.out).contains("; 0 persistent (>= 1h0m0s)");
  }
}

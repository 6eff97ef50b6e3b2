package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.wire.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_servesTheBundledCaptureOnTheK8spacketApi() throws Exception {
    CliRun run = CliRun.run("demo", "--capture", "--port", "0");
    try {
      assertThat(run.exitCode).isZero();
      assertThat(run.out).startsWith("tcpmap demo: 35 connections from the bundled capture");
      HttpResponse<String> health = CliRun.get(run.servers.getFirst(), "/nodegraph/api/health");
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> graph =
          CliRun.get(run.servers.getFirst(), "/nodegraph/api/graph/data?stats-type=bytes");
      JsonNode doc = Json.mapper().readTree(graph.body());
      assertThat(doc.get("nodes").size()).isGreaterThan(3);
      assertThat(doc.get("edges").size()).isGreaterThan(3);
    } finally {
      run.closeServers();
    }
  }

  @Test
  void demo_portInUse_isOneLineAndExitCode2() throws Exception {
    CliRun first = CliRun.run("demo", "--capture", "--port", "0");
    try {
      int taken = first.servers.getFirst().port();

      CliRun second = CliRun.run("demo", "--capture", "--port", Integer.toString(taken));

      assertThat(second.exitCode).isEqualTo(2);
      assertThat(second.err.lines()).hasSize(1);
      assertThat(second.err).startsWith("tcpmap: cannot listen on").contains("--port");
    } finally {
      first.closeServers();
    }
  }
}

package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.wire.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpmap analyze --filter EXPR} on the bundled demo capture. */
class AnalyzeFilterTest {
  @TempDir Path dir;
  private Path capture;

  private JsonNode analyze(String... args) throws IOException {
    if (capture == null) {
      capture = CliRun.demoCapture(dir);
    }
    List<String> command = new ArrayList<>(List.of("analyze", "--json"));
    command.addAll(List.of(args));
    command.add(capture.toString());
    CliRun run = CliRun.run(command.toArray(String[]::new));
    assertThat(run.exitCode).as(run.err).isZero();
    return Json.mapper().readTree(run.out);
  }

  @Test
  void filter_keepsTheConnectionsThatPass_inEveryPartOfTheDocument() throws IOException {
    JsonNode all = analyze();
    JsonNode failed =
        analyze("--filter", "outcome in [\"refused\", \"timeout\"] or not (dst.port != 5432)");

    int expected = 0;
    for (JsonNode c : all.get("connections")) {
      String outcome = c.get("outcome").asText();
      boolean passes =
          outcome.equals("refused")
              || outcome.equals("timeout")
              || c.get("serverPort").asInt() == 5432;
      expected += passes ? 1 : 0;
    }
    assertThat(expected).isBetween(3, all.get("connections").size() - 1);
    assertThat(failed.get("connections")).hasSize(expected);
    long edgeConnections = 0;
    for (JsonNode e : failed.get("edges")) {
      edgeConnections += e.get("connections").asLong();
    }
    assertThat(edgeConnections).isEqualTo(expected);
  }

  @Test
  void filter_tls_keepsTheHandshakesOfTheConnectionsThatPass() throws IOException {
    JsonNode tls13 = analyze("--filter", "tls.version == \"TLS 1.3\"");

    assertThat(tls13.get("connections")).hasSize(2);
    assertThat(tls13.get("tls")).hasSize(2);
    tls13.get("tls").forEach(h -> assertThat(h.get("version").asText()).isEqualTo("TLS 1.3"));
  }

  @Test
  void filter_wrong_isOneLineNamingWhereAndExitCode2() throws IOException {
    CliRun run =
        CliRun.run("analyze", "--filter", "dst.port >", CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.lines()).hasSize(1);
    assertThat(run.err).startsWith("tcpmap: --filter: at 1:11: mismatched input '<EOF>' expecting");
    assertThat(run.out).isEmpty();
  }
}

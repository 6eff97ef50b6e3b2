package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 19, item 12: every line in one format, at the level asked for. */
class LogsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Context context =
      new Context(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          Map.of(),
          false,
          null,
          CliRun.NO_LIVE_SOURCE,
          CliRun.NO_INTERFACES,
          hook -> {});

  @AfterEach
  void restoreLogging() throws IOException {
    LogManager.getLogManager().readConfiguration();
  }

  @Test
  void text_aComponentsMessage_isOneLineNamedByItsComponent() {
    Logs.apply(context, new LogSettings.Config(Level.INFO, false), true);

    System.Logger packet = System.getLogger("dev.tcpmap.packet");
    packet.log(System.Logger.Level.INFO, "capture on {0}: {1}", "eth0", "capturing");
    packet.log(System.Logger.Level.WARNING, "capture on veth1: failed");
    packet.log(System.Logger.Level.DEBUG, "statistics of eth0");

    assertThat(lines(err))
        .containsExactly(
            "tcpmap packet: capture on eth0: capturing",
            "tcpmap packet: warn: capture on veth1: failed");
  }

  @Test
  void text_debugLevel_showsDebugMessages() {
    Logs.apply(context, new LogSettings.Config(Level.FINE, false), true);

    System.getLogger("dev.tcpmap.ebpf.libbpf").log(System.Logger.Level.DEBUG, "libbpf: loaded");

    assertThat(lines(err)).containsExactly("tcpmap ebpf: debug: libbpf: loaded");
  }

  @Test
  void json_everyLineIsAnObject_theCommandsOwnLinesToo() throws IOException {
    Context logging = Logs.apply(context, new LogSettings.Config(Level.INFO, true), true);

    logging.out().println("tcpmap agent: observing this host's TCP sockets");
    logging.err().println("tcpmap: using k8spacket setting LOG_LEVEL -> log.level");
    System.getLogger("dev.tcpmap.kubernetes.ClusterWatch")
        .log(System.Logger.Level.ERROR, "watch failed", new IllegalStateException("gone"));

    ObjectMapper mapper = new ObjectMapper();
    JsonNode own = mapper.readTree(lines(out).getFirst());
    assertThat(own.get("level").asText()).isEqualTo("INFO");
    assertThat(own.get("logger").asText()).isEqualTo("tcpmap");
    assertThat(own.get("msg").asText())
        .isEqualTo("tcpmap agent: observing this host's TCP sockets");
    assertThat(own.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    List<String> errLines = lines(err);
    assertThat(errLines).hasSize(2);
    JsonNode component = mapper.readTree(errLines.get(1));
    assertThat(component.get("level").asText()).isEqualTo("ERROR");
    assertThat(component.get("logger").asText()).isEqualTo("dev.tcpmap.kubernetes.ClusterWatch");
    assertThat(component.get("msg").asText()).isEqualTo("watch failed");
    assertThat(component.get("error").asText()).isEqualTo("java.lang.IllegalStateException: gone");
  }

  @Test
  void json_analyzeKeepsItsReportAsItIs() {
    Context logging = Logs.apply(context, new LogSettings.Config(Level.INFO, true), false);

    logging.out().println("file         demo.pcap");

    assertThat(lines(out)).containsExactly("file         demo.pcap");
  }

  private static List<String> lines(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8).lines().toList();
  }
}

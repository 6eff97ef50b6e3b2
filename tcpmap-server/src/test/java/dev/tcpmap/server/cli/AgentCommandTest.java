package dev.tcpmap.server.cli;

import static dev.tcpmap.ebpf.FakeSocketSource.record;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.source.SourceUnavailableException;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import dev.tcpmap.packet.PacketCaptureFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCommandTest {
  private final FakeSocketSource source = new FakeSocketSource();

  private CliRun agent(String... options) {
    return CliRun.agent(Map.of(), config -> source, options);
  }

  private static boolean closed(JsonNode connections) {
    return connections.get("connections").findValuesAsText("outcome").contains("closed");
  }

  private void loopbackConnection(long sent, long received) {
    source.emit(
        record(
            Kind.OPENED,
            1,
            "127.0.0.1",
            41_000,
            "127.0.0.1",
            6379,
            Role.ACTIVE,
            0,
            0,
            Outcome.OPEN,
            100,
            "curl"),
        record(
            Kind.OPENED,
            2,
            "127.0.0.1",
            6379,
            "127.0.0.1",
            41_000,
            Role.PASSIVE,
            0,
            0,
            Outcome.OPEN,
            200,
            "redis-server"),
        record(
            Kind.CLOSED,
            1,
            "127.0.0.1",
            41_000,
            "127.0.0.1",
            6379,
            Role.ACTIVE,
            sent,
            received,
            Outcome.CLOSED,
            100,
            "curl"),
        record(
            Kind.CLOSED,
            2,
            "127.0.0.1",
            6379,
            "127.0.0.1",
            41_000,
            Role.PASSIVE,
            received,
            sent,
            Outcome.CLOSED,
            200,
            "redis-server"));
  }

  @Test
  void agent_pairedEnds_areOneConnectionWithBothProcesses() throws Exception {
    CliRun run = agent();
    try {
      assertThat(run.exitCode).isZero();
      assertThat(run.out).startsWith("tcpmap agent: observing").contains("/api/v1/status");
      loopbackConnection(300, 4000);

      JsonNode doc = await(run.servers.getFirst(), "/api/v1/connections", AgentCommandTest::closed);

      assertThat(doc.get("total").asInt()).isEqualTo(1);
      JsonNode c = doc.get("connections").get(0);
      assertThat(c.get("serverPort").asInt()).isEqualTo(6379);
      assertThat(c.get("bytesSent").asLong()).isEqualTo(300);
      assertThat(c.get("bytesReceived").asLong()).isEqualTo(4000);
      assertThat(c.get("clientProcess").get("command").asText()).isEqualTo("curl");
      assertThat(c.get("serverProcess").get("pid").asInt()).isEqualTo(200);
      assertThat(c.get("srttMicros").asInt()).isEqualTo(120);
      JsonNode graph = await(run.servers.getFirst(), "/api/v1/graph", d -> true);
      assertThat(graph.get("nodes").findValuesAsText("id"))
          .containsExactly("curl@127.0.0.1", "redis-server@127.0.0.1");
      assertThat(graph.get("edges").get(0).get("serverId").asText())
          .isEqualTo("redis-server@127.0.0.1");
    } finally {
      run.closeServers();
    }
    assertThat(source.closed()).isTrue();
  }

  @Test
  void status_showsSourcesEventsAndLosses() throws Exception {
    source.setLoss("ring-buffer-full", 3);
    CliRun run = agent();
    try {
      loopbackConnection(1, 2);

      JsonNode status =
          await(
              run.servers.getFirst(),
              "/api/v1/status",
              d -> d.get("events").path("closed").asLong() == 1);

      assertThat(status.get("sources").findValuesAsText("name"))
          .containsExactly("socket-tracer", "socket-iterator", "packet-capture", "history");
      assertThat(status.get("sources").findValuesAsText("state")).containsOnly("running");
      assertThat(status.get("events").get("opened").asLong()).isEqualTo(1);
      assertThat(status.get("losses").get("tracer/ring-buffer-full").asLong()).isEqualTo(3);
      assertThat(status.get("connections").get("closed").asLong()).isEqualTo(1);
      assertThat(status.get("uptimeSeconds").asLong()).isNotNegative();
      assertThat(status.get("version").asText()).isNotEmpty();
      JsonNode connections = await(run.servers.getFirst(), "/api/v1/connections", d -> true);
      assertThat(connections.get("losses").get("tracer/ring-buffer-full").asLong()).isEqualTo(3);
    } finally {
      run.closeServers();
    }
  }

  @Test
  void captureThatCannotStart_leavesTheAgentServingWithTheSourceFailed() throws Exception {
    PacketCaptureFactory noPermission =
        (config, sink) -> {
          throw new IllegalStateException("opening a packet socket: Operation not permitted");
        };
    CliRun run = CliRun.agent(Map.of(), config -> source, noPermission);
    try {
      ApiServer server = run.server();
      loopbackConnection(1, 2);

      JsonNode connections = await(server, "/api/v1/connections", AgentCommandTest::closed);
      assertThat(connections.get("total").asInt()).isEqualTo(1);
      JsonNode status = await(server, "/api/v1/status", d -> true);
      JsonNode capture = status.get("sources").get(2);
      assertThat(capture.get("name").asText()).isEqualTo("packet-capture");
      assertThat(capture.get("state").asText()).isEqualTo("failed");
      assertThat(capture.get("message").asText())
          .isEqualTo("opening a packet socket: Operation not permitted");
      assertThat(status.get("sources").get(0).get("state").asText()).isEqualTo("running");
      assertThat(run.errNow())
          .contains("tcpmap: packet-capture failed: opening a packet socket: Operation not");
    } finally {
      run.closeServers();
    }
  }

  @Test
  void interfacesNone_startsNoCapture() throws Exception {
    PacketCaptureFactory mustNotStart =
        (config, sink) -> {
          throw new AssertionError("capture started with capture.interfaces=none");
        };
    CliRun run = CliRun.agent(Map.of(), config -> source, mustNotStart, "--interfaces", "none");
    try {
      JsonNode status = await(run.servers.getFirst(), "/api/v1/status", d -> true);
      assertThat(status.get("sources").findValuesAsText("name"))
          .containsExactly("socket-tracer", "socket-iterator", "history");
    } finally {
      run.closeServers();
    }
  }

  @Test
  void storeWidthsThatDoNotFit_areOneLineNamingTheKeysAndExit2() {
    CliRun run = CliRun.agent(Map.of("TCPMAP_STORE_COARSE_WIDTH", "15s"), config -> source);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .contains("store.bucket-width, store.coarse-width")
        .contains("coarse width PT15S is not a multiple of the bucket width PT10S")
        .doesNotContain("\tat ");
    assertThat(run.servers).isEmpty();
  }

  @Test
  void defaultWindow_aRequestWithoutFromAndTo_coversTheLastWindowEndingNow() throws Exception {
    CliRun run = CliRun.agent(Map.of("TCPMAP_API_DEFAULT_WINDOW", "1h"), config -> source);
    try {
      long before = System.currentTimeMillis();
      JsonNode graph = await(run.servers.getFirst(), "/api/v1/graph", d -> true);
      long after = System.currentTimeMillis();

      assertThat(graph.get("from").asLong()).isBetween(before - 3_600_000, after - 3_600_000);
      assertThat(graph.get("to").isNull()).isTrue();
      assertThat(run.out).contains("history in memory (store.data-dir=none)");
    } finally {
      run.closeServers();
    }
  }

  @Test
  void badInterfaceSelection_isRejectedWithTheKey() {
    CliRun run = agent("--interfaces", "eth0,not a name");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("capture.interfaces: interfaces: not an interface name or glob");
    assertThat(run.servers).isEmpty();
  }

  @Test
  void liveConnection_isOpenWithBytesSoFar_namedByProcessInK8spacketView() throws Exception {
    source.setLive(SocketScripts.liveJava());
    CliRun run = agent("--iterate-every", "100ms");
    try {
      JsonNode doc =
          await(run.servers.getFirst(), "/api/v1/connections", d -> d.get("total").asInt() > 0);
      JsonNode c = doc.get("connections").get(0);
      assertThat(c.get("outcome").asText()).isEqualTo("open");
      assertThat(c.get("startSeen").asBoolean()).isFalse();
      assertThat(c.get("bytesSent").asLong()).isEqualTo(700);
      assertThat(c.get("bytesReceived").asLong()).isEqualTo(9000);
      JsonNode graph =
          await(run.servers.getFirst(), "/nodegraph/api/graph/data?stats-type=bytes", d -> true);
      assertThat(graph.get("nodes").findValuesAsText("title")).containsExactly("java", "10.0.0.9");
    } finally {
      run.closeServers();
    }
  }

  @Test
  void missingEnvironment_isOneLineAndExitCode2() {
    CliRun run =
        CliRun.agent(
            Map.of(),
            config -> {
              throw new SourceUnavailableException(
                  "libbpf.so.1 not found: install libbpf1 (Debian, Ubuntu) or libbpf (Fedora)");
            });

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.lines())
        .containsExactly(
            "tcpmap: libbpf.so.1 not found: install libbpf1 (Debian, Ubuntu) or libbpf (Fedora)");
    assertThat(run.servers).isEmpty();
  }

  @Test
  void targeting_withoutKubernetes_isOneLineNamingTheKeysAndExit2() {
    CliRun run = agent("--target-pods", "app=web");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .startsWith("tcpmap: target.namespaces, target.pod-selector: targeting pods needs")
        .contains("Kubernetes API")
        .doesNotContain("\tat ");
    assertThat(run.servers).isEmpty();
  }

  @Test
  void targeting_selectorThatDoesNotParse_namesTheKeyAndTheTerm() {
    CliRun run = agent("--target-pods", "app=web,tier>3");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("tcpmap: target.pod-selector").contains("\"tier>3\"");
  }

  @Test
  void invalidTracerSetting_isOneLineAndExitCode2() {
    CliRun run = agent("--ring-buffer", "3000");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("tcpmap: tracer.ring-buffer").contains("power of two");
  }

  @Test
  void demo_withALiveSource_runsTheAgent() throws Exception {
    CliRun run = CliRun.run(Map.of(), config -> source, "demo", "--port", "0");
    try {
      assertThat(run.exitCode).isZero();
      assertThat(run.out).startsWith("tcpmap demo: live agent");
      loopbackConnection(5, 6);
      JsonNode doc = await(run.servers.getFirst(), "/api/v1/connections", AgentCommandTest::closed);
      assertThat(doc.get("total").asInt()).isEqualTo(1);
    } finally {
      run.closeServers();
    }
  }

  @Test
  void demo_withoutALiveSource_saysWhyInOneLineAndServesTheCapture() throws Exception {
    CliRun run = CliRun.run("demo", "--port", "0");
    try {
      assertThat(run.exitCode).isZero();
      assertThat(run.err.lines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .startsWith("tcpmap demo: the live agent cannot run here (")
                      .endsWith("serving the bundled capture instead"));
      assertThat(run.out).startsWith("tcpmap demo: 35 connections from the bundled capture");
    } finally {
      run.closeServers();
    }
  }
}

package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.SidedEdge;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.testing.ClusterWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PeerEdgesJsonTest extends PeerAnswerContract<PeerEdges> {

  /** Every field at an awkward value: nanoseconds, IPv6, a process, the largest duration read. */
  private static final SidedEdge ODD =
      new SidedEdge(
          Side.SERVER,
          new EdgeStats(
              new EdgeKey(
                  new Endpoint(IpAddress.parse("2001:db8::10"), Endpoint.Kind.PROCESS, "curl", ""),
                  new Endpoint(
                      IpAddress.parse("fd00::1"),
                      Endpoint.Kind.NODE,
                      "worker-ü",
                      "",
                      Endpoint.Workload.NONE,
                      "worker-ü"),
                  65_535),
              6,
              new OutcomeCounts(1, 1, 1, 1, 1, 1),
              6,
              PeerEdgesJson.MAX_COUNT,
              0,
              Duration.ofSeconds(PeerEdgesJson.MAX_COUNT, 999_999_999),
              Duration.ofNanos(1),
              TestConnections.T0.plusNanos(1),
              Instant.parse("+12026-01-01T00:00:00.000000001Z")));

  PeerEdgesJsonTest() {
    super("peer-edges.json", PeerEdgesJson::write, PeerEdgesJson::read);
  }

  @Override
  PeerEdges sample() {
    PeerEdges b =
        PeerEdges.observe(
            ClusterWorld.NODE_B, ClusterWorld.NAMES, Duration.ofSeconds(1), TimeRange.ALL);
    List<SidedEdge> edges = new ArrayList<>(b.edges());
    edges.add(ODD);
    return new PeerEdges(ClusterWorld.NOW.plusNanos(123), b.losses(), edges);
  }

  @Test
  void write_hasVersionWindowAndExactNumbers() throws Exception {
    ObjectNode out = PeerEdgesJson.write(RANGE, sample());

    assertThat(out.get("version").asInt()).isEqualTo(1);
    assertThat(out.get("from").asLong()).isEqualTo(1_000);
    assertThat(out.get("to").asLong()).isEqualTo(2_000);
    ObjectNode last = (ObjectNode) out.get("edges").get(out.get("edges").size() - 1);
    assertThat(last.get("durationNanosSum").toString()).isEqualTo("9007199254740991999999999");
    assertThat(last.get("firstStart").asText()).isEqualTo("2026-11-21T09:22:18.000000001Z");
    assertThat(last.at("/server/node").asText()).isEqualTo("worker-ü");
  }

  @Test
  void read_unknownFields_areIgnored() throws Exception {
    ObjectNode out = PeerEdgesJson.write(RANGE, sample());
    out.putObject("future").putArray("x").add(1);
    ((ObjectNode) out.get("edges").get(0)).put("retransmits", 7);
    ((ObjectNode) out.at("/edges/0/client")).putObject("labels").put("app", "web");

    assertThat(read(text(out))).isEqualTo(sample());
  }

  static Stream<Broken> broken() {
    return Stream.of(
        new Broken("no version", o -> o.remove("version"), "version: expected 1, got none"),
        new Broken("version 2", o -> o.put("version", 2), "version: expected 1, got 2"),
        new Broken("version text", o -> o.put("version", "1"), "version: expected 1, got \"1\""),
        new Broken("no asOf", o -> o.remove("asOf"), "asOf: missing"),
        new Broken("asOf number", o -> o.put("asOf", 5), "asOf: not a string: 5"),
        new Broken("losses array", o -> o.putArray("losses"), "losses: not an object"),
        new Broken(
            "negative loss",
            o -> o.putObject("losses").put("x", -1),
            "losses.x: not a non-negative integer: -1"),
        new Broken("no edges", o -> o.remove("edges"), "edges: missing"),
        new Broken("edges object", o -> o.putObject("edges"), "edges: not an array"),
        new Broken("edge number", o -> o.putArray("edges").add(3), "edges[0]: not an object"),
        new Broken(
            "no client ip",
            o -> edge(o).withObjectProperty("client").remove("ip"),
            "edges[0].client.ip: missing"),
        new Broken(
            "bad ip",
            o -> edge(o).withObjectProperty("server").put("ip", "10.0.0"),
            "edges[0].server.ip: not an IP address: 10.0.0"),
        new Broken(
            "unknown kind",
            o -> edge(o).withObjectProperty("client").put("kind", "vm"),
            "edges[0].client.kind: unknown: \"vm\""),
        new Broken(
            "unknown side", o -> edge(o).put("side", "both"), "edges[0].side: unknown: \"both\""),
        new Broken(
            "negative bytes",
            o -> edge(o).put("bytesSent", -1),
            "edges[0].bytesSent: not a non-negative integer: -1"),
        new Broken(
            "fractional count",
            o -> edge(o).put("connections", 1.5),
            "edges[0].connections: not a non-negative integer: 1.5"),
        new Broken(
            "count beyond 2^53",
            o -> edge(o).put("bytesReceived", 1L << 53),
            "edges[0].bytesReceived: not a non-negative integer"),
        new Broken(
            "port out of range",
            o -> edge(o).put("serverPort", 70_000),
            "edges[0]: serverPort out of range: 70000"),
        new Broken(
            "persistent above connections",
            o -> edge(o).put("persistent", 99),
            "edges[0]: persistent out of range: 99"),
        new Broken(
            "negative duration",
            o -> edge(o).put("durationNanosSum", -5),
            "edges[0].durationNanosSum: not a non-negative integer: -5"),
        new Broken(
            "bad time",
            o -> edge(o).put("lastSeen", "yesterday"),
            "edges[0].lastSeen: not an RFC 3339 time: \"yesterday\""),
        new Broken(
            "workload missing",
            o -> edge(o).withObjectProperty("server").remove("workload"),
            "edges[0].server.workload: missing"));
  }

  private static ObjectNode edge(ObjectNode answer) {
    return (ObjectNode) answer.get("edges").get(0);
  }

  static Stream<String[]> notAnswers() {
    return Stream.of(
        new String[] {"", "not a JSON object"},
        new String[] {"[]", "not a JSON object"},
        new String[] {"<html>502 Bad Gateway</html>", "not JSON: Unexpected character ('<'"},
        new String[] {"{\"version\": 1, \"edges\": [", "not JSON: Unexpected end-of-input"},
        new String[] {
          "{\"version\":1,\"asOf\":\"2026-01-01T00:00:00Z\",\"losses\":{},\"edges\":[]} {}",
          "content after the answer's object"
        });
  }

  @ParameterizedTest
  @MethodSource("notAnswers")
  void read_notAnAnswer_isMalformed(String body, String message) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void read_emptyAnswer_hasNoEdges() throws Exception {
    PeerEdges empty =
        read("{\"version\":1,\"asOf\":\"2026-01-01T00:00:00Z\",\"losses\":{},\"edges\":[]}");

    assertThat(empty.edges()).isEmpty();
    assertThat(empty.losses()).isEqualTo(Map.of());
  }
}

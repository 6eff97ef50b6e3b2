package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.EdgeRecord;
import dev.tcpmap.query.k8spacket.FieldsDocument;
import dev.tcpmap.query.k8spacket.NodeGraph;
import dev.tcpmap.query.k8spacket.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class K8spacketJsonTest {
  private static String write(Object node) throws JsonProcessingException {
    return Json.mapper().writeValueAsString(node);
  }

  @Test
  void edgeRecord_fieldsAsK8spacket() throws JsonProcessingException {
    EdgeRecord r =
        new EdgeRecord(
            new Endpoint(IpAddress.parse("10.0.0.1"), Kind.POD, "web-1", "shop"),
            Endpoint.ofIp(IpAddress.parse("fd00::5")),
            new Totals(3, 1, 100, 2048, Duration.ofNanos(12_345_678_900L), Duration.ofSeconds(10)),
            Instant.parse("2026-11-21T09:22:18.5Z"));
    assertThat(write(K8spacketJson.edgeRecord(r)))
        .isEqualTo(
            "{\"src\":\"10.0.0.1\",\"srcName\":\"pod.web-1\",\"srcNamespace\":\"shop\","
                + "\"dst\":\"fd00::5\",\"dstName\":\"fd00::5\",\"dstNamespace\":\"\","
                + "\"connCount\":3,\"connPersistent\":1,\"bytesSent\":100,"
                + "\"bytesReceived\":2048,\"duration\":12345.6789,\"maxDuration\":10000,"
                + "\"lastSeen\":\"2026-11-21T09:22:18.5Z\"}");
  }

  @Test
  void graph_arcsAsGoFloats() throws JsonProcessingException {
    NodeGraph graph =
        new NodeGraph(
            List.of(new NodeGraph.Node("a", "b", "a", "all: 3", "persistent: 1", 1 / 3.0, 1)),
            List.of(new NodeGraph.Edge("a-c", "a", "c", "all: 3", "persistent: 1")));
    assertThat(write(K8spacketJson.graph(graph)))
        .isEqualTo(
            "{\"nodes\":[{\"id\":\"a\",\"title\":\"b\",\"subTitle\":\"a\",\"mainStat\":\"all: 3\","
                + "\"secondaryStat\":\"persistent: 1\",\"arc__1\":0.3333333333333333,"
                + "\"arc__2\":1}],\"edges\":[{\"id\":\"a-c\",\"source\":\"a\",\"target\":\"c\","
                + "\"mainStat\":\"all: 3\",\"secondaryStat\":\"persistent: 1\"}]}");
  }

  @Test
  void fields_omitAbsentLegends() throws JsonProcessingException {
    String json = write(K8spacketJson.fields(FieldsDocument.of(StatsType.DURATION)));
    assertThat(json)
        .startsWith("{\"edges_fields\":[{\"field_name\":\"id\",\"type\":\"string\"},")
        .contains(
            "{\"field_name\":\"mainStat\",\"displayName\":\"Average duration \","
                + "\"type\":\"string\"}")
        .contains(
            "{\"color\":\"white\",\"field_name\":\"arc__2\",\"displayName\":\"Max duration\","
                + "\"type\":\"number\"}");
  }
}

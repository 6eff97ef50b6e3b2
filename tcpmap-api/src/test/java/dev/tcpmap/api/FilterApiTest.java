package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code filter=} through the real HTTP server, on {@link ApiFixtures}' world. */
class FilterApiTest {
  private static ApiServer server;

  @BeforeAll
  static void start() {
    server = ApiFixtures.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode ask(String path, String filter) {
    HttpResponse<byte[]> response =
        get(server, path + (path.contains("?") ? "&" : "?") + "filter=" + encode(filter));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return json(response);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Integer> ints(JsonNode list, String field) {
    List<Integer> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get(field).asInt()));
    return out;
  }

  @Test
  void connections_keepsThoseThatPass() {
    JsonNode answer = ask("/api/v1/connections", "outcome in [\"refused\", \"timeout\"]");

    assertThat(answer.get("total").asInt()).isEqualTo(2);
    assertThat(ints(answer.get("connections"), "clientPort"))
        .containsExactlyInAnyOrder(50000, 52001);
  }

  @Test
  void connections_kubesharkWords_andTheRegexesBothApply() {
    JsonNode answer =
        ask("/api/v1/connections?include=web", "src.kind == \"pod\" and not (dst.port == 80)");

    assertThat(ints(answer.get("connections"), "clientPort")).containsExactly(40003);
  }

  @Test
  void graph_isMadeOfTheConnectionsThatPass() {
    JsonNode answer =
        ask("/api/v1/graph", "tls.version == \"TLS 1.2\" && dst.namespace == \"shop\"");

    assertThat(answer.get("edges")).hasSize(1);
    JsonNode edge = answer.get("edges").get(0);
    assertThat(edge.get("serverPort").asInt()).isEqualTo(443);
    assertThat(edge.get("connections").asInt()).isEqualTo(1);
  }

  @Test
  void nodegraph_filterBesideTheRegexes() {
    JsonNode all = ask("/nodegraph/connections", "dst.namespace == \"data\"");
    JsonNode both = ask("/nodegraph/connections?include=fd00", "dst.namespace == \"data\"");
    JsonNode graph = ask("/nodegraph/api/graph/data?stats-type=bytes", "persistent");

    assertThat(ints(all, "connCount")).containsExactlyInAnyOrder(1, 1);
    assertThat(ints(both, "connCount")).containsExactly(1);
    assertThat(graph.get("edges")).hasSize(2); // k8spacket merges the ports of a host pair
  }

  @Test
  void tls_filterOverHandshakes() {
    JsonNode answer = ask("/api/v1/tls", "tls.sni == \"v6.example.test\" && src.port > 52000");

    assertThat(answer.get("total").asInt()).isEqualTo(1);
    assertThat(ints(answer.get("handshakes"), "clientPort")).containsExactly(52001);
  }

  /** A filter that cannot run, where, and the start of the message it must get. */
  record Refused(String path, String filter, String message) {}

  static Stream<Refused> refusals() {
    return Stream.of(
        new Refused(
            "/api/v1/graph",
            "src.foo == 1",
            "filter: at 1:1: unknown field 'src.foo'; the fields are src.ip, src.port,"),
        new Refused("/api/v1/connections", "dst.port >", "filter: at 1:11: mismatched input"),
        new Refused(
            "/nodegraph/api/graph/data",
            "dst.name == 443",
            "filter: at 1:10: found no matching overload for '_==_' applied to '(string, int)'"),
        new Refused(
            "/api/v1/tls",
            "bytes.sent > 0",
            "filter: bytes.sent is known per connection, not on TLS handshakes"),
        new Refused(
            "/nodegraph/connections", "[1,2].map(x, x)", "filter: at 1:10: expected type 'bool'"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void badFilter_is400NamingWhereAndWhat(Refused r) {
    HttpResponse<byte[]> response = get(server, r.path() + "?filter=" + encode(r.filter()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).startsWith(r.message());
  }
}

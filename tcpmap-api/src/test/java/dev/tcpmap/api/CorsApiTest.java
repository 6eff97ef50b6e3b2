package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static dev.tcpmap.api.ApiFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.http.AccessConfig;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which pages' scripts may read the API, as a browser decides from the answers' {@code
 * Access-Control-*} fields: none by default, exactly the configured origins otherwise.
 */
class CorsApiTest {
  private static final String GRAFANA = "https://grafana.example:3000";

  /** The {@code access-control-*} and {@code vary} fields of an answer, by lower-case name. */
  private static Map<String, List<String>> corsFields(HttpResponse<?> response) {
    Map<String, List<String>> fields = new TreeMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (name.startsWith("access-control-") || name.equals("vary")) {
                fields.put(name, values);
              }
            });
    return fields;
  }

  /** {@code fields} and one more, sorted by name as {@link #corsFields} are. */
  private static Map<String, List<String>> with(
      Map<String, List<String>> fields, String name, List<String> values) {
    Map<String, List<String>> more = new TreeMap<>(fields);
    more.put(name, values);
    return more;
  }

  private static HttpResponse<byte[]> preflight(ApiServer server, String origin) {
    return send(
        server,
        "OPTIONS",
        "/nodegraph/api/graph/data",
        "Origin",
        origin,
        "Access-Control-Request-Method",
        "GET",
        "Access-Control-Request-Headers",
        "authorization, x-grafana-org-id, <script>");
  }

  @Test
  void byDefault_aCrossOriginGetHasNoCorsField() {
    try (ApiServer server = TestServers.start(AccessConfig.DEFAULTS)) {
      HttpResponse<byte[]> response = get(server, "/api/v1/graph", "Origin", "http://evil.example");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(corsFields(response)).containsOnlyKeys("vary");
      assertThat(corsFields(response).get("vary")).containsExactly("Accept-Encoding");
    }
  }

  @Test
  void byDefault_aPreflightIsRefusedWithoutCorsFields() {
    try (ApiServer server = TestServers.start(AccessConfig.DEFAULTS)) {
      HttpResponse<byte[]> response = preflight(server, GRAFANA);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(new String(response.body()))
          .contains("cross-origin requests from https://grafana.example:3000 are not allowed");
      assertThat(corsFields(response).keySet()).noneMatch(n -> n.startsWith("access-control-"));
    }
  }

  @Test
  void allowedOrigin_getsExactlyTheDocumentedFields() {
    try (ApiServer server =
        TestServers.start(AccessConfig.DEFAULTS.withCorsOrigins(List.of(GRAFANA)))) {
      HttpResponse<byte[]> answer = get(server, "/api/v1/graph", "Origin", GRAFANA);
      HttpResponse<byte[]> preflight = preflight(server, GRAFANA);

      Map<String, List<String>> allowed =
          Map.of(
              "access-control-allow-origin", List.of(GRAFANA),
              "access-control-expose-headers", List.of("X-Tcpmap-Missing-Peers"));
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(corsFields(answer))
          .containsExactlyEntriesOf(with(allowed, "vary", List.of("Origin", "Accept-Encoding")));
      assertThat(preflight.statusCode()).isEqualTo(204);
      Map<String, List<String>> preflightFields = new TreeMap<>(allowed);
      preflightFields.put("access-control-allow-methods", List.of("GET, HEAD, OPTIONS"));
      // a fixed list, not an echo of what was asked
      preflightFields.put("access-control-allow-headers", List.of("Authorization, Content-Type"));
      preflightFields.put("access-control-max-age", List.of("86400"));
      assertThat(corsFields(preflight))
          .containsExactlyEntriesOf(with(preflightFields, "vary", List.of("Origin")));
    }
  }

  @Test
  void otherOrigin_isNotAllowedWhereOneIs() {
    try (ApiServer server =
        TestServers.start(AccessConfig.DEFAULTS.withCorsOrigins(List.of(GRAFANA)))) {
      HttpResponse<byte[]> answer = get(server, "/api/v1/graph", "Origin", "http://evil.example");
      HttpResponse<byte[]> preflight = preflight(server, "https://grafana.example:3001");

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(corsFields(answer)).containsOnlyKeys("vary");
      assertThat(corsFields(answer).get("vary")).containsExactly("Origin", "Accept-Encoding");
      assertThat(preflight.statusCode()).isEqualTo(403);
      assertThat(corsFields(preflight)).containsOnlyKeys("vary");
    }
  }

  @Test
  void anyOrigin_isAStarWithoutVary() {
    try (ApiServer server =
        TestServers.start(AccessConfig.DEFAULTS.withCorsOrigins(List.of("*")))) {
      HttpResponse<byte[]> answer = get(server, "/api/v1/graph", "Origin", "http://a.example");

      assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(answer.headers().allValues("Vary")).containsExactly("Accept-Encoding");
      assertThat(preflight(server, "http://b.example").statusCode()).isEqualTo(204);
    }
  }
}

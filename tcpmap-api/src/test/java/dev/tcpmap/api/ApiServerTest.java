package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static dev.tcpmap.api.ApiFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.tls.TlsConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiServerTest {
  @RegisterExtension static final FixtureServer API = new FixtureServer();

  private static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void health_isAnEmpty200() {
    HttpResponse<byte[]> response = get(API.server(), "/nodegraph/api/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void data_isJson() {
    HttpResponse<byte[]> response = get(API.server(), "/nodegraph/api/graph/data");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).get("nodes")).hasSize(7);
  }

  @Test
  void options_knownPathWithoutOrigin_saysWhatIsAllowed() {
    HttpResponse<byte[]> response = send(API.server(), "OPTIONS", "/nodegraph/api/graph/data");
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(response.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control"));
  }

  @Test
  void options_unknownPath_is404() {
    assertThat(send(API.server(), "OPTIONS", "/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPath_is404WithMessage() {
    HttpResponse<byte[]> response = get(API.server(), "/nodegraph/api/graph/data/");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText())
        .isEqualTo("no such endpoint: /nodegraph/api/graph/data/");
  }

  @Test
  void tlsDetails_unknownId_is404WithMessage() {
    for (String path :
        List.of("/tlsparser/api/data/0123456789abcdef", "/tlsparser/connections/x")) {
      HttpResponse<byte[]> response = get(API.server(), path);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(json(response).get("error").asText()).startsWith("no TLS connection with id ");
    }
  }

  @Test
  void tlsDetails_knownIdOutsideTheWindow_is404() {
    String id = TlsConnection.id(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), 443);
    assertThat(get(API.server(), "/tlsparser/api/data/" + id).statusCode()).isEqualTo(200);
    assertThat(get(API.server(), "/tlsparser/api/data/" + id + "?from=0&to=1").statusCode())
        .isEqualTo(404);
  }

  @Test
  void metrics_haveTheTlsMetrics() throws IOException {
    HttpResponse<byte[]> response = get(API.server(), "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    GoldenFiles.assertMatches(
        "metrics-tls.txt", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void post_is405WithAllow() {
    HttpResponse<byte[]> response = send(API.server(), "POST", "/nodegraph/connections");
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(json(response).get("error").asText()).isEqualTo("method POST not allowed; use GET");
  }

  @Test
  void head_hasHeadersButNoBody() {
    HttpResponse<byte[]> response = send(API.server(), "HEAD", "/api/v1/graph");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void gzip_whenAccepted() throws IOException {
    HttpResponse<byte[]> plain = get(API.server(), "/nodegraph/connections");
    HttpResponse<byte[]> zipped =
        get(API.server(), "/nodegraph/connections", "Accept-Encoding", "br, gzip;q=0.8");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(unzipped).isEqualTo(plain.body());
  }

  @Test
  void gzip_refusedWithZeroQuality() {
    HttpResponse<byte[]> response =
        get(API.server(), "/nodegraph/connections", "Accept-Encoding", "gzip;q=0, identity");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
  }

  /** A request with a bad parameter and the start of the message it must get. */
  record BadRequest(String pathAndQuery, String message) {}

  static Stream<BadRequest> badRequests() {
    String data = "/nodegraph/api/graph/data?";
    return Stream.of(
        new BadRequest(data + "from=abc", "from: not an integer number of epoch milliseconds"),
        new BadRequest(data + "to=1.5", "to: not an integer number of epoch milliseconds"),
        new BadRequest(data + "from=2000&to=1000", "from: is after to (2000 > 1000)"),
        new BadRequest(data + "stats-type=foo", "stats-type: unknown value 'foo'"),
        new BadRequest(
            "/nodegraph/api/graph/fields?stats-type=Bytes", "stats-type: unknown value 'Bytes'"),
        new BadRequest(data + "include=(ab", "include: missing closing ) in '(ab'"),
        new BadRequest(data + "namespace=%5Bz-a%5D", "namespace: invalid character class range"),
        new BadRequest(data + "exclude=a%7B1001%7D", "exclude: invalid repeat count"),
        new BadRequest(
            data + "include=((a%7B1000%7D)%7B1000%7D)%7B1000%7D", "include: expression too large"),
        new BadRequest(
            "/nodegraph/connections?exclude=" + "(".repeat(500) + ")".repeat(500),
            "exclude: expression nested too deeply"),
        new BadRequest(
            "/nodegraph/connections?include=" + "a".repeat(4097),
            "include: longer than 4096 characters: 4097"),
        new BadRequest(data + "grafanaNoise=" + "x".repeat(70_000), "query string longer than"),
        new BadRequest("/api/v1/connections?limit=-1", "limit: not an integer from 0 to 100000"),
        new BadRequest("/api/v1/connections?limit=abc", "limit: not an integer from 0 to 100000"),
        new BadRequest("/api/v1/connections?limit=100001", "limit: not an integer"),
        new BadRequest("/api/v1/graph?from=x", "from: not an integer"),
        new BadRequest("/tlsparser/api/data?from=abc", "from: not an integer"),
        new BadRequest("/tlsparser/api/data?from=2000&to=1000", "from: is after to"),
        new BadRequest("/tlsparser/api/data/0123456789abcdef?to=x", "to: not an integer"),
        new BadRequest("/tlsparser/connections/?from=1.5", "from: not an integer"),
        new BadRequest("/api/v1/tls?limit=-1", "limit: not an integer from 0 to 100000"),
        new BadRequest("/api/v1/tls?from=x", "from: not an integer"),
        new BadRequest("/api/v1/certificates?to=x", "to: not an integer"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badParameter_is400WithMessage(BadRequest bad) {
    HttpResponse<byte[]> response = get(API.server(), bad.pathAndQuery());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).get("error").asText()).startsWith(bad.message());
  }

  @Test
  void malformedPercentEscape_is400() {
    // java.net.http refuses to send such a URI, so this one goes over a plain socket. The JDK's
    // server refuses it before routing (QueryParamsTest covers our own check).
    assertThat(ApiFixtures.raw(API.server(), "/nodegraph/api/graph/data?include=%zz"))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  void unknownAndEmptyParameters_areIgnored() {
    String all =
        new String(get(API.server(), "/nodegraph/api/graph/data").body(), StandardCharsets.UTF_8);
    HttpResponse<byte[]> noisy =
        get(
            API.server(),
            "/nodegraph/api/graph/data?namespace=&include=&exclude=&from=&to=&stats-type="
                + "&orgId=1&refId=A&flag");
    assertThat(noisy.statusCode()).isEqualTo(200);
    assertThat(new String(noisy.body(), StandardCharsets.UTF_8)).isEqualTo(all);
  }

  @Test
  void repeatedParameter_firstWins() {
    JsonNode fields =
        json(get(API.server(), "/nodegraph/api/graph/fields?stats-type=bytes&stats-type=nonsense"));
    assertThat(fields.at("/nodes_fields/3/displayName").asText()).isEqualTo("Bytes received ");
  }

  @Test
  void plusInQuery_isASpace() {
    // Go's url.ParseQuery decodes '+' as a space, as URLDecoder does.
    JsonNode records = json(get(API.server(), "/nodegraph/connections?include=pod%2Eweb-1+"));
    assertThat(records).isEmpty();
  }

  @Test
  void catastrophicRegex_answersNormally() {
    Endpoint longName =
        new Endpoint(
            dev.tcpmap.core.model.IpAddress.parse("10.0.0.1"), Kind.POD, "a".repeat(4000), "shop");
    Resolver names = (ip, at) -> longName;
    Snapshot named =
        Snapshot.of(
            ApiFixtures.CONNECTIONS, names, Map.of(), ApiFixtures.NOW, List.of(), List.of());
    try (ApiServer hostile = ApiServer.start(ApiFixtures.CONFIG.withResolver(names), () -> named)) {
      HttpResponse<byte[]> response =
          get(hostile, "/nodegraph/api/graph/data?include=%28a*%29*b&exclude=%28a%7C%29*b");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).get("nodes")).isEmpty();
    }
  }

  /** A server whose data source throws {@code message} at every read. */
  private static ApiServer failingServer(String message) {
    return ApiServer.start(
        ApiFixtures.CONFIG,
        () -> {
          throw new IllegalStateException(message);
        });
  }

  @Test
  void failingData_is500WithoutDetails() {
    try (ApiServer broken = failingServer("secret internals")) {
      HttpResponse<byte[]> response = get(broken, "/api/v1/graph");
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"error\":\"internal error\"}");
    }
  }

  @Test
  void badParameter_isRefusedBeforeReadingData() {
    try (ApiServer broken = failingServer("must not be called")) {
      assertThat(get(broken, "/nodegraph/connections?include=(").statusCode()).isEqualTo(400);
      assertThat(get(broken, "/api/v1/connections?limit=x").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void defaultWindow_appliesWithoutFromAndTo() {
    // The fixtures' clock is two hours after the first connection; only the one-hour open
    // connection (started at +40 s) reaches into the last hour.
    try (ApiServer windowed =
        ApiServer.start(
            ApiFixtures.CONFIG.withDefaultWindow(Duration.ofMinutes(60)),
            () -> ApiFixtures.SNAPSHOT)) {
      JsonNode answer = json(get(windowed, "/api/v1/connections"));
      assertThat(answer.get("total").asInt()).isEqualTo(1);
      assertThat(answer.get("from").asLong())
          .isEqualTo(ApiFixtures.NOW.minus(Duration.ofHours(1)).toEpochMilli());
      assertThat(answer.get("to").isNull()).isTrue();
      JsonNode explicit = json(get(windowed, "/api/v1/connections?from=0"));
      assertThat(explicit.get("total").asInt()).isEqualTo(9);
    }
  }

  @Test
  void connections_limitTruncatesNewestFirst() {
    JsonNode answer = json(get(API.server(), "/api/v1/connections?limit=2"));
    assertThat(answer.get("total").asInt()).isEqualTo(9);
    assertThat(answer.get("truncated").asBoolean()).isTrue();
    assertThat(answer.get("connections")).hasSize(2);
    assertThat(answer.at("/connections/0/client").asText()).isEqualTo("fd00::7");
    assertThat(answer.at("/connections/1/clientPort").asInt()).isEqualTo(40010);
  }

  @Test
  void start_portTaken_throwsWithAddress() {
    assertThatThrownBy(
            () ->
                ApiServer.start(
                    ApiFixtures.CONFIG.withBind(
                        new java.net.InetSocketAddress(
                            java.net.InetAddress.getLoopbackAddress(), API.server().port())),
                    () -> Snapshot.empty(ApiFixtures.NOW)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on");
  }
}

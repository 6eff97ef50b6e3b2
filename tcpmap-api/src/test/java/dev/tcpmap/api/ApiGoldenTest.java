package dev.tcpmap.api;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.query.tls.TlsConnection;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON the API answers for the fixed world of {@link ApiFixtures}, compared with the files
 * under {@code src/test/resources/golden/} after pretty-printing (numbers keep their exact text).
 * Run with {@code -Dgolden.update=true} to rewrite the files on purpose; review the diff.
 */
class ApiGoldenTest {
  @RegisterExtension static final FixtureServer API = new FixtureServer();

  /** A golden file and the request whose answer it holds. */
  record Golden(String file, String pathAndQuery) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Golden> goldens() {
    long hourBefore = T0.minus(Duration.ofHours(1)).toEpochMilli();
    long now = ApiFixtures.NOW.toEpochMilli();
    String grafana = "namespace=&include=&exclude=&from=" + hourBefore + "&to=" + now;
    long windowFrom = T0.plusSeconds(15).toEpochMilli();
    long windowTo = T0.plusSeconds(25).toEpochMilli();
    return Stream.of(
        new Golden("k8spacket-fields-connection.json", "/nodegraph/api/graph/fields"),
        new Golden("k8spacket-fields-bytes.json", "/nodegraph/api/graph/fields?stats-type=bytes"),
        new Golden(
            "k8spacket-fields-duration.json", "/nodegraph/api/graph/fields?stats-type=duration"),
        new Golden(
            "k8spacket-data-connection.json",
            "/nodegraph/api/graph/data?" + grafana + "&stats-type=connection"),
        new Golden(
            "k8spacket-data-bytes.json",
            "/nodegraph/api/graph/data?" + grafana + "&stats-type=bytes"),
        new Golden(
            "k8spacket-data-duration.json",
            "/nodegraph/api/graph/data?" + grafana + "&stats-type=duration"),
        new Golden(
            "k8spacket-data-filtered.json",
            "/nodegraph/api/graph/data?namespace=shop&exclude=worker&stats-type=duration"),
        new Golden("k8spacket-connections.json", "/nodegraph/connections"),
        new Golden(
            "k8spacket-connections-window.json",
            "/nodegraph/connections?from=" + windowFrom + "&to=" + windowTo),
        new Golden("native-connections.json", "/api/v1/connections?limit=4"),
        new Golden("native-graph.json", "/api/v1/graph"),
        new Golden("native-graph-filtered.json", "/api/v1/graph?include=2001%3Adb8"),
        new Golden("native-graph-namespace.json", "/api/v1/graph?group=namespace"),
        new Golden("tlsparser-data.json", "/tlsparser/api/data?from=" + hourBefore + "&to=" + now),
        new Golden(
            "tlsparser-data-window.json",
            "/tlsparser/api/data?from=" + windowFrom + "&to=" + windowTo),
        new Golden("tlsparser-connections.json", "/tlsparser/connections/"),
        new Golden(
            "tlsparser-details-certificate.json",
            "/tlsparser/api/data/" + tlsId("10.0.0.1", "10.0.0.2", 443)),
        new Golden(
            "tlsparser-details-ipv6.json",
            "/tlsparser/connections/" + tlsId("2001:db8::10", "2001:db8::1", 443)),
        new Golden(
            "tlsparser-details-no-certificate.json",
            "/tlsparser/api/data/" + tlsId("10.0.0.3", "203.0.113.5", 8443)),
        new Golden("native-tls.json", "/api/v1/tls?limit=4"),
        new Golden("native-certificates.json", "/api/v1/certificates"));
  }

  private static String tlsId(String client, String server, int port) {
    return TlsConnection.id(IpAddress.parse(client), IpAddress.parse(server), port);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void answer_matchesGoldenFile(Golden golden) throws IOException {
    HttpResponse<byte[]> response = ApiFixtures.get(API.server(), golden.pathAndQuery());
    assertThat(response.statusCode()).isEqualTo(200);
    GoldenFiles.assertJsonMatches(golden.file(), response.body());
  }
}

package dev.tcpmap.api;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.testing.CannedPeer;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.api.wire.PeerTlsJson;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.testing.ClusterWorld;
import dev.tcpmap.query.testing.ClusterWorld.SilentServer;
import dev.tcpmap.query.tls.TlsConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS endpoints answering for a cluster, all agents real servers on loopback. {@link
 * ApiFixtures#HANDSHAKES} are split between agent a (asking) and agent b; the first of them, web-1
 * → api over TLS 1.2 with its chain, was captured by both: by a with the chain, by b 3 ms earlier
 * (another clock) without. Agent c is down, d hung, e answers something that is not an answer. The
 * union is then exactly what one agent holding every handshake answers: the golden files.
 */
class ClusterTlsApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final List<TlsHandshake> ALL = ApiFixtures.HANDSHAKES;

  /** The shared handshake as b captured it: 3 ms earlier, the Certificate message not seen. */
  private static final TlsHandshake SHARED_AT_B =
      ApiFixtures.handshake(
          "10.0.0.1",
          40003,
          "10.0.0.2",
          443,
          T0.plusSeconds(5).minusMillis(3),
          "api.shop.test",
          "TLS 1.2",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          Optional.empty());

  private static final Snapshot NODE_A =
      Snapshot.of(
          ApiFixtures.CONNECTIONS,
          ApiFixtures.NAMES,
          Map.of("evicted", 2L),
          ApiFixtures.NOW,
          List.of(ALL.get(0), ALL.get(1), ALL.get(4)),
          List.of());

  /** b's share: the IPv6 handshakes and its copy of the shared one. */
  private static final Snapshot NODE_B =
      Snapshot.of(
          List.of(),
          ApiFixtures.NAMES,
          Map.of(),
          ApiFixtures.NOW,
          List.of(ALL.get(2), ALL.get(3), SHARED_AT_B),
          List.of());

  private static ApiServer agentB;
  private static SilentServer hung;
  private static CannedPeer malformed;
  private static ApiServer agentA;

  @BeforeAll
  static void start() {
    agentB = ApiServer.start(ApiFixtures.CONFIG, () -> NODE_B);
    hung = new SilentServer();
    malformed =
        new CannedPeer(
            200,
            "{\"version\":1,\"asOf\":\"2026-01-01T00:00:00Z\",\"losses\":{},\"edges\":[]}"
                .getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"));
    PeerDirectory directory =
        ClusterWorld.directory(
            "agent-a",
            new Peer("agent-a", "node-a", "127.0.0.1", 1),
            new Peer("agent-b", "node-b", "127.0.0.1", agentB.port()),
            new Peer("agent-c", "node-c", "127.0.0.1", ClusterWorld.closedPort()),
            new Peer("agent-d", "node-d", "127.0.0.1", hung.port()),
            new Peer("agent-e", "node-e", "127.0.0.1", malformed.port()));
    agentA = ApiServer.start(ApiFixtures.CONFIG.withPeers(directory, TIMEOUT), () -> NODE_A);
  }

  @AfterAll
  static void stop() throws IOException {
    agentA.close();
    agentB.close();
    hung.close();
    malformed.close();
  }

  /** A timed GET: the answer must come within the timeout and a margin, whoever hangs. */
  private static HttpResponse<byte[]> get(String pathAndQuery) {
    long started = System.nanoTime();
    HttpResponse<byte[]> response = ApiFixtures.get(agentA, pathAndQuery);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(MARGIN));
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  private static JsonNode golden(String name) throws IOException {
    return Json.mapper().readTree(Files.readString(Path.of("src/test/resources/golden", name)));
  }

  private static String tlsId(String client, String server, int port) {
    return TlsConnection.id(IpAddress.parse(client), IpAddress.parse(server), port);
  }

  @Test
  void tlsparserData_isTheUnionInK8spacketsShape() throws IOException {
    long hourBefore = T0.minus(Duration.ofHours(1)).toEpochMilli();
    HttpResponse<byte[]> response =
        get("/tlsparser/api/data?from=" + hourBefore + "&to=" + ApiFixtures.NOW.toEpochMilli());

    assertThat(json(response)).isEqualTo(golden("tlsparser-data.json"));
    assertThat(response.headers().firstValue("X-Tcpmap-Missing-Peers"))
        .hasValue("agent-c,agent-d,agent-e");
  }

  @Test
  void tlsparserDetails_keepTheSharedHandshakesChain() throws IOException {
    HttpResponse<byte[]> shared = get("/tlsparser/api/data/" + tlsId("10.0.0.1", "10.0.0.2", 443));
    HttpResponse<byte[]> ipv6 =
        get("/tlsparser/api/data/" + tlsId("2001:db8::10", "2001:db8::1", 443));

    assertThat(json(shared)).isEqualTo(golden("tlsparser-details-certificate.json"));
    assertThat(json(ipv6)).isEqualTo(golden("tlsparser-details-ipv6.json"));
    assertThat(shared.headers().firstValue("X-Tcpmap-Missing-Peers")).isPresent();
  }

  @Test
  void nativeTls_countsTheSharedHandshakeOnceAndNamesMissingPeers() throws IOException {
    JsonNode tls = json(get("/api/v1/tls?limit=4"));

    assertThat(tls.get("total").asInt()).isEqualTo(5);
    assertThat(tls.get("answeredPeers").toString()).isEqualTo("[\"agent-a\",\"agent-b\"]");
    JsonNode missing = tls.get("missingPeers");
    assertThat(missing.findValuesAsText("reason"))
        .containsExactly("refused", "timeout", "malformed");
    assertThat(missing.get(2).get("message").asText()).isEqualTo("handshakes: missing");
    ObjectNode rest = tls.deepCopy();
    rest.remove(List.of("answeredPeers", "missingPeers"));
    assertThat(rest).isEqualTo(golden("native-tls.json"));
  }

  @Test
  void nativeCertificates_areTheClusters() throws IOException {
    ObjectNode certificates = (ObjectNode) json(get("/api/v1/certificates"));

    assertThat(certificates.get("missingPeers")).hasSize(3);
    certificates.remove(List.of("answeredPeers", "missingPeers"));
    assertThat(certificates).isEqualTo(golden("native-certificates.json"));
  }

  @Test
  void tlsparserConnections_stayThisAgentsOwn() throws IOException {
    HttpResponse<byte[]> own = ApiFixtures.get(agentA, "/tlsparser/connections/");

    List<String> ids = json(own).findValuesAsText("id");
    assertThat(ids)
        .containsExactlyInAnyOrder(
            tlsId("10.0.0.1", "10.0.0.2", 443), tlsId("10.0.0.3", "203.0.113.5", 8443));
    assertThat(own.headers().firstValue("X-Tcpmap-Missing-Peers")).isEmpty();
    assertThat(
            ApiFixtures.get(
                    agentA, "/tlsparser/connections/" + tlsId("2001:db8::10", "2001:db8::1", 443))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void peerTls_roundTripsThisAgentsHandshakesInTheWindow() throws Exception {
    long from = T0.plusSeconds(20).toEpochMilli();
    long to = T0.plusSeconds(31).toEpochMilli();
    HttpResponse<byte[]> response =
        ApiFixtures.get(agentB, "/api/v1/peer/tls?from=" + from + "&to=" + to);

    PeerTls read = PeerTlsJson.read(new ByteArrayInputStream(response.body()));

    assertThat(read).isEqualTo(PeerTls.observe(NODE_B, new TimeRange(from, to)));
    assertThat(read.handshakes()).containsExactlyInAnyOrder(ALL.get(2), ALL.get(3));
  }

  @Test
  void peerTls_badWindow_is400() {
    assertThat(ApiFixtures.get(agentB, "/api/v1/peer/tls?to=x").statusCode()).isEqualTo(400);
  }

  @Test
  void withoutPeers_theTlsAnswersAreThisAgentsWithoutPeerFields() throws IOException {
    HttpResponse<byte[]> data = ApiFixtures.get(agentB, "/tlsparser/api/data");

    assertThat(json(data)).hasSize(2);
    assertThat(data.headers().firstValue("X-Tcpmap-Missing-Peers")).isEmpty();
    assertThat(json(ApiFixtures.get(agentB, "/api/v1/tls")).has("missingPeers")).isFalse();
  }
}

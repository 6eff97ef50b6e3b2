package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.api.testing.TestCertificates;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.query.testing.ClusterWorld;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents with a token and TLS answering for the cluster: agent a asks agent b over HTTPS with the
 * token, as the chart sets them up (one Secret for all); real servers on loopback, certificates
 * made by openssl.
 */
class SecureClusterApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private Path token(String name, String token) throws IOException {
    return Files.writeString(dir.resolve(name), token + "\n");
  }

  private static AccessConfig access(Path token, TestCertificates.Pair tls, Optional<Path> ca) {
    return AccessConfig.DEFAULTS
        .withTokenFile(token, AccessConfig.DEFAULT_TOKEN_RECHECK)
        .withTls(new AccessConfig.TlsFiles(tls.certificate(), tls.key(), ca));
  }

  private static ApiConfig config(AccessConfig access, PeerDirectory peers) {
    return ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10))
        .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .withResolver(ClusterWorld.NAMES)
        .withClock(InstantSource.fixed(ClusterWorld.NOW))
        .withPeers(peers, TIMEOUT)
        .withAccess(access);
  }

  private static ApiServer agentB(AccessConfig access) {
    return ApiServer.start(config(access, PeerDirectory.NONE), () -> ClusterWorld.NODE_B);
  }

  /** Agent a, asking itself and {@code b}; its graph as a client with the token reads it. */
  private static JsonNode clusterGraph(AccessConfig access, TestCertificates.Pair tls, ApiServer b)
      throws Exception {
    PeerDirectory peers =
        ClusterWorld.directory(
            "agent-a",
            new Peer("agent-a", "node-a", "127.0.0.1", 1),
            new Peer("agent-b", "node-b", "127.0.0.1", b.port()));
    try (ApiServer a = ApiServer.start(config(access, peers), () -> ClusterWorld.NODE_A);
        HttpClient client =
            HttpClient.newBuilder()
                .sslContext(TestCertificates.trusting(tls.certificate()))
                .build()) {
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + a.port() + "/api/v1/graph"))
                  .header(
                      "Authorization",
                      "Bearer " + Files.readString(access.tokenFile().orElseThrow()).strip())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      return Json.mapper().readTree(response.body());
    }
  }

  private static List<String> missing(JsonNode graph) {
    List<String> missing = new ArrayList<>();
    graph
        .path("missingPeers")
        .forEach(
            m ->
                missing.add(
                    m.get("name").asText()
                        + " "
                        + m.get("reason").asText()
                        + ": "
                        + m.get("message").asText()));
    return missing;
  }

  @Test
  void sameSecret_peerAnswersOverHttpsWithTheToken() throws Exception {
    TestCertificates.Pair tls = TestCertificates.selfSigned(dir, "tcpmap-agents", "ec");
    AccessConfig access = access(token("token", "cluster-t0ken"), tls, Optional.empty());

    try (ApiServer b = agentB(access)) {
      JsonNode graph = clusterGraph(access, tls, b);

      assertThat(missing(graph)).isEmpty();
      assertThat(graph.get("answeredPeers").toString()).isEqualTo("[\"agent-a\",\"agent-b\"]");
      assertThat(graph.get("edges").size()).isGreaterThan(0);
    }
  }

  @Test
  void peerWithAnotherToken_isMissingWith401() throws Exception {
    TestCertificates.Pair tls = TestCertificates.selfSigned(dir, "tcpmap-agents", "ec");
    AccessConfig access = access(token("token", "cluster-t0ken"), tls, Optional.empty());

    try (ApiServer b = agentB(access(token("other", "another-token"), tls, Optional.empty()))) {
      JsonNode graph = clusterGraph(access, tls, b);

      assertThat(missing(graph)).containsExactly("agent-b http-status: HTTP 401");
    }
  }

  @Test
  void peerWithAnotherCertificate_isMissingWithoutACa() throws Exception {
    TestCertificates.Pair tls = TestCertificates.selfSigned(dir, "tcpmap-agents", "ec");
    TestCertificates.Pair impostor = TestCertificates.selfSigned(dir, "impostor", "ec");
    Path token = token("token", "cluster-t0ken");

    try (ApiServer b = agentB(access(token, impostor, Optional.empty()))) {
      JsonNode graph = clusterGraph(access(token, tls, Optional.empty()), tls, b);

      assertThat(missing(graph)).singleElement().asString().startsWith("agent-b error: ");
    }
  }

  @Test
  void certificatesOfOneCa_areTrustedWithTheCaFile() throws Exception {
    TestCertificates.Pair ca = TestCertificates.selfSigned(dir, "tcpmap-ca", "ec");
    // a's names 127.0.0.1 for the test's client, which verifies it; b's names no address at all.
    TestCertificates.Pair leafA = TestCertificates.issued(dir, "agent-a", ca, "IP:127.0.0.1");
    TestCertificates.Pair leafB = TestCertificates.issued(dir, "agent-b", ca, "DNS:agent-b");
    Path token = token("token", "cluster-t0ken");

    try (ApiServer b = agentB(access(token, leafB, Optional.of(ca.certificate())))) {
      JsonNode withCa = clusterGraph(access(token, leafA, Optional.of(ca.certificate())), leafA, b);
      JsonNode pinned = clusterGraph(access(token, leafA, Optional.empty()), leafA, b);

      assertThat(missing(withCa)).isEmpty();
      assertThat(missing(pinned)).singleElement().asString().startsWith("agent-b error: ");
    }
  }
}

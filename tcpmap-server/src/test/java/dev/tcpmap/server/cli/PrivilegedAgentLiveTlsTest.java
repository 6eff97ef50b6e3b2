package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.HandshakeCapture;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.packet.PacketCaptureFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent capturing live on the veth of a test network namespace: real JDK TLS handshakes (1.2
 * with its certificate, 1.3; IPv4 and IPv6) come out of {@code /tlsparser/api/data} and {@code
 * /api/v1/tls} exactly, the DNS answers reach the store, and {@code /api/v1/status} shows the
 * capture running on that interface. The socket tracer is not what this is about: a scripted source
 * stands in for it.
 */
@Tag("privileged")
class PrivilegedAgentLiveTlsTest {

  @Test
  void agent_liveHandshakesOnAVeth_comeOutOfTheTlsEndpointsExactly() throws Exception {
    TrafficCapture.requireTools();
    try (TestNetwork network = TestNetwork.create(1, 2)) {
      Path namespace = Path.of("/run/netns", network.namespace(Side.A));
      PacketCaptureFactory inNamespace =
          (config, sink) -> PacketCaptureFactory.live().start(config.inNamespace(namespace), sink);
      String veth = network.interfaceName(Side.A);
      CliRun run =
          CliRun.run(
              // The servers live in the test namespace, out of the agent's reach: a probe would
              // follow the host's default route (PrivilegedAgentCertificateProbeTest probes).
              Map.of("TCPMAP_TLS_PROBE_CERTIFICATES", "false"),
              config -> new FakeSocketSource(),
              inNamespace,
              "agent",
              "--port",
              "0",
              "--interfaces",
              veth);
      try {
        assertThat(run.exitCode).as(run.err).isZero();
        ApiServer server = run.servers.getFirst();
        JsonNode capture = captureSource(json(server, "/api/v1/status"));
        assertThat(capture.get("state").asText()).isEqualTo("running");
        assertThat(capture.get("message").asText()).isEqualTo(veth + " capturing");

        Map<String, Integer> ports = HandshakeCapture.exchange(network);

        JsonNode tls = await(server, "/api/v1/tls", d -> d.get("handshakes").size() == 4);
        assertTls12(handshake(tls, ports.get("v4-tls12")), "192.0.2.1", "198.51.100.1");
        JsonNode v6tls13 = handshake(tls, ports.get("v6-tls13"));
        assertThat(v6tls13.get("client").asText()).isEqualTo("2001:db8:a::1");
        assertThat(v6tls13.get("server").asText()).isEqualTo("2001:db8:b::1");
        assertThat(v6tls13.get("sni").asText()).isEqualTo("v6.tls.test");
        assertThat(v6tls13.get("version").asText()).isEqualTo("TLS 1.3");
        assertThat(v6tls13.get("cipherSuite").asText()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(v6tls13.get("certificate").isNull()).isTrue();
        JsonNode big = handshake(tls, ports.get("v4-tls13-big"));
        assertThat(big.get("sni").asText()).isEqualTo("big.tls.test");
        assertThat(big.get("version").asText()).isEqualTo("TLS 1.3");
        assertThat(big.get("cipherSuite").asText()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        JsonNode v6tls12 = handshake(tls, ports.get("v6-tls12"));
        assertThat(v6tls12.get("sni").asText()).isEqualTo("v6-12.tls.test");
        assertThat(v6tls12.get("version").asText()).isEqualTo("TLS 1.2");
        assertThat(v6tls12.get("cipherSuite").asText())
            .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(v6tls12.get("certificate").get("chain").get(0).get("notAfter").asText())
            .isEqualTo("2026-02-06T03:04:05.000000Z");

        JsonNode list = json(server, "/tlsparser/api/data");
        assertThat(list).hasSize(2);
        JsonNode v4 = entry(list, "192.0.2.1", "198.51.100.1");
        assertThat(v4.get("domain").asText()).isEqualTo("big.tls.test");
        assertThat(v4.get("usedTLSVersion").asText()).isEqualTo("TLS 1.3");
        JsonNode v6 = entry(list, "2001:db8:a::1", "2001:db8:b::1");
        assertThat(v6.get("domain").asText()).isEqualTo("v6-12.tls.test");
        assertThat(v6.get("usedTLSVersion").asText()).isEqualTo("TLS 1.2");
        assertThat(v6.get("usedCipherSuite").asText())
            .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        JsonNode details = json(server, "/tlsparser/api/data/" + v6.get("id").asText());
        assertThat(details.get("certificate").get("notBefore").asText())
            .isEqualTo("2025-01-02T03:04:05Z");
        assertThat(details.get("certificate").get("notAfter").asText())
            .isEqualTo("2026-02-06T03:04:05Z");

        JsonNode status = json(server, "/api/v1/status");
        assertThat(captureSource(status).get("state").asText()).isEqualTo("running");
        assertThat(status.get("events").get("handshake").asLong()).isEqualTo(4);
        assertThat(status.get("events").get("name").asLong()).isEqualTo(3); // the DNS answers
        assertThat(status.get("losses").toString()).doesNotContain("tls/", "capture/");
      } finally {
        run.closeServers();
      }
      assertThat(run.errNow()).contains("tcpmap agent: stopped");
    }
  }

  private static void assertTls12(JsonNode handshake, String client, String server) {
    assertThat(handshake.get("client").asText()).isEqualTo(client);
    assertThat(handshake.get("server").asText()).isEqualTo(server);
    assertThat(handshake.get("serverPort").asInt()).isEqualTo(443);
    assertThat(handshake.get("sni").asText()).isEqualTo("tls.test");
    assertThat(handshake.get("version").asText()).isEqualTo("TLS 1.2");
    assertThat(handshake.get("cipherSuite").asText())
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    JsonNode certificate = handshake.get("certificate");
    assertThat(certificate.get("source").asText()).isEqualTo("observed");
    JsonNode leaf = certificate.get("chain").get(0);
    assertThat(leaf.get("subject").asText()).isEqualTo("CN=tls.test,O=tcpmap");
    assertThat(leaf.get("notBefore").asText()).isEqualTo("2025-01-02T03:04:05.000000Z");
    assertThat(leaf.get("notAfter").asText()).isEqualTo("2026-02-06T03:04:05.000000Z");
  }

  private static JsonNode captureSource(JsonNode status) {
    JsonNode source = ApiPolls.source(status, "packet-capture");
    if (source == null) {
      throw new AssertionError("no packet-capture source: " + status);
    }
    return source;
  }

  private static JsonNode handshake(JsonNode tls, int clientPort) {
    List<Integer> seen = new ArrayList<>();
    for (JsonNode h : tls.get("handshakes")) {
      if (h.get("clientPort").asInt() == clientPort) {
        return h;
      }
      seen.add(h.get("clientPort").asInt());
    }
    throw new AssertionError("no handshake from client port " + clientPort + ": " + seen);
  }

  private static JsonNode entry(JsonNode list, String src, String dst) {
    for (JsonNode e : list) {
      if (e.get("src").asText().equals(src) && e.get("dst").asText().equals(dst)) {
        return e;
      }
    }
    throw new AssertionError("no TLS connection " + src + " -> " + dst + ": " + list);
  }
}

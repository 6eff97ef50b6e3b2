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
      String veth = network.interfaceName(Side.A);
      CliRun run = CliRun.vethAgent(network, "--port", "0");
      try {
        ApiServer server = run.server();
        JsonNode capture = captureSource(json(server, "/api/v1/status"));
        assertThat(capture.get("state").asText()).isEqualTo("running");
        assertThat(capture.get("message").asText()).isEqualTo(veth + " capturing");

        Map<String, Integer> ports = HandshakeCapture.exchange(network);

        JsonNode tls = await(server, "/api/v1/tls", d -> d.get("handshakes").size() == 4);
        TlsAnswers.assertCapturedHandshakes(exchange -> handshake(tls, ports.get(exchange)));

        JsonNode list = json(server, "/tlsparser/api/data");
        JsonNode v6 = TlsAnswers.assertNewestHandshakes(list).v6();
        TlsAnswers.assertK8spacketValidity(
            json(server, "/tlsparser/api/data/" + v6.get("id").asText()));

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
}

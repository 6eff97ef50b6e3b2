package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.capture.testnet.HandshakeCapture;
import dev.tcpmap.capture.testnet.TrafficCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JDK TLS handshakes (1.2 and 1.3, IPv4 and IPv6, chosen SNI, suites and ALPN, certificate
 * flights and a large ClientHello split over several segments, clear text on port 443) and DNS
 * answers (CNAME chains, UDP and TCP) across network namespaces, captured by tcpdump, read back
 * exactly by {@code tcpmap analyze --json}.
 */
@Tag("privileged")
class PrivilegedAnalyzeHandshakesTest {
  @TempDir Path dir;

  @Test
  void analyzeJson_realHandshakesAndAnswers_areReportedExactly() throws Exception {
    TrafficCapture.requireTools();
    HandshakeCapture.Result capture = HandshakeCapture.run(dir.resolve("handshakes.pcap"));
    assertThat(capture.tcpdump().droppedByKernel()).isZero();
    // The large ClientHello spans several segments; the server's flights come in small ones.
    assertThat(capture.payloads(capture.clientPorts().get("v4-tls13-big"), true).getFirst())
        .isGreaterThan(1000);
    assertThat(capture.payloads(capture.clientPorts().get("v4-tls13-big"), true))
        .hasSizeGreaterThan(5);
    assertThat(capture.payloads(capture.clientPorts().get("v4-tls12"), false))
        .hasSizeGreaterThan(3)
        .allMatch(length -> length <= 400);

    CliRun run = CliRun.run("analyze", "--json", capture.file().toString());

    assertThat(run.exitCode).as(run.err).isZero();
    JsonNode doc = Json.mapper().readTree(run.out);
    Map<String, Integer> ports = capture.clientPorts();
    assertThat(doc.get("tls")).hasSize(4);
    assertThat(doc.get("tlsProblems").size()).as(doc.get("tlsProblems").toString()).isZero();
    assertThat(doc.get("dnsProblems").size()).as(doc.get("dnsProblems").toString()).isZero();

    TlsAnswers.assertCapturedHandshakes(exchange -> tls(doc, ports.get(exchange)));

    JsonNode v4tls12 = tls(doc, ports.get("v4-tls12"));
    assertThat(strings(v4tls12.get("clientVersions"))).containsExactly("TLS 1.2");
    assertThat(strings(v4tls12.get("clientCipherSuites")))
        .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(strings(v4tls12.get("alpn").get("offered"))).containsExactly("h2", "http/1.1");
    assertThat(v4tls12.get("alpn").get("chosen").asText()).isEqualTo("h2");
    assertThat(v4tls12.get("ja4").asText()).startsWith("t12d0");
    assertWholeChain(v4tls12);
    assertThat(v4tls12.get("start").asText()).isEqualTo(connectionStart(doc, v4tls12));

    JsonNode v6tls13 = tls(doc, ports.get("v6-tls13"));
    assertThat(strings(v6tls13.get("clientVersions"))).containsExactly("TLS 1.3");
    assertThat(strings(v6tls13.get("clientCipherSuites")))
        .containsExactly("TLS_AES_256_GCM_SHA384");
    assertThat(strings(v6tls13.get("alpn").get("offered"))).containsExactly("http/1.1");
    assertThat(v6tls13.get("alpn").get("chosen").asText()).isEmpty(); // encrypted in TLS 1.3
    assertThat(v6tls13.get("ja4").asText()).startsWith("t13d0");

    List<String> alpn = strings(tls(doc, ports.get("v4-tls13-big")).get("alpn").get("offered"));
    assertThat(alpn).hasSize(HandshakeCapture.EXTRA_ALPN + 1);
    assertThat(alpn.getFirst()).isEqualTo("x-test-protocol-0000");
    assertThat(alpn.getLast()).isEqualTo("http/1.1");

    JsonNode v6tls12 = tls(doc, ports.get("v6-tls12"));
    assertThat(strings(v6tls12.get("alpn").get("offered"))).isEmpty();
    assertThat(v6tls12.get("alpn").get("chosen").asText()).isEmpty();
    assertWholeChain(v6tls12);

    assertThat(doc.get("tls").findValues("clientPort").stream().map(JsonNode::asInt))
        .doesNotContain(ports.get("plain"));
    assertThat(connectionsFrom(doc, ports.get("plain"))).isEqualTo(1);

    assertThat(dns(doc))
        .containsExactly(
            "www.example.test 198.51.100.1 60",
            "www.example.test 2001:db8:b::1 60",
            "api.example.test 198.51.100.2 30");

    CliRun report = CliRun.run("analyze", capture.file().toString());
    assertThat(report.out)
        .contains(
            "tls          4 handshakes (TLS 1.2 2, TLS 1.3 2); 4 server names;"
                + " 2 certificate chains seen\n")
        .contains("dns          3 answers naming 3 addresses");
  }

  @Test
  void analyzeServe_realHandshakes_comeOutOfTheTlsEndpoints() throws Exception {
    TrafficCapture.requireTools();
    HandshakeCapture.Result capture = HandshakeCapture.run(dir.resolve("handshakes.pcap"));

    CliRun run =
        CliRun.run("analyze", "--serve", "--port", "0", "--no-progress", capture.file().toString());
    try {
      ApiServer server = run.server();
      // The newer handshake of each pair, with the chain of the TLS 1.2 one before it.
      JsonNode v4 = TlsAnswers.assertNewestHandshakes(json(server, "/tlsparser/api/data")).v4();
      assertThat(v4.get("dstPort").asInt()).isEqualTo(443);
      assertThat(v4.get("usedCipherSuite").asText()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");

      JsonNode details = json(server, "/tlsparser/api/data/" + v4.get("id").asText());
      TlsAnswers.assertK8spacketValidity(details);
      assertThat(details.get("certificate").get("serverChain").asText())
          .isEqualTo(
              "0 s:CN=tls.test,O=tcpmap i:CN=tcpmap test CA,O=tcpmap\n"
                  + "1 s:CN=tcpmap test CA,O=tcpmap i:CN=tcpmap test CA,O=tcpmap");

      // 198.51.100.2 was only ever named by the DNS answer the client got before connecting.
      JsonNode graph = json(server, "/api/v1/graph");
      assertThat(graph.get("nodes").findParents("ip"))
          .filteredOn(n -> n.get("ip").asText().equals("198.51.100.2"))
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.get("kind").asText()).isEqualTo("external");
                assertThat(n.get("name").asText()).isEqualTo("api.example.test");
              });
      JsonNode named = json(server, "/api/v1/graph?include=%5Eapi%5C.example%5C.test%24");
      assertThat(named.get("edges")).hasSize(1);

      JsonNode certificates = json(server, "/api/v1/certificates");
      assertThat(certificates.get("certificates")).hasSize(1); // one leaf, served on v4 and v6
      assertThat(certificates.get("certificates").get(0).get("servers")).hasSize(2);
      assertThat(CliRun.get(server, "/metrics").body())
          .contains("k8s_packet_tls_cert_expiry{domain=\"tls.test\",dst=\"198.51.100.1\"");
    } finally {
      run.closeServers();
    }
  }

  /** Past the test leaf: its issuer, names and serial, and the test CA after it. */
  private static void assertWholeChain(JsonNode handshake) {
    JsonNode certificate = handshake.get("certificate");
    assertThat(certificate.get("chain")).hasSize(2);
    JsonNode leaf = certificate.get("chain").get(0);
    assertThat(leaf.get("issuer").asText()).isEqualTo("CN=tcpmap test CA,O=tcpmap");
    assertThat(strings(leaf.get("sans"))).containsExactly("tls.test", "alt.tls.test", "127.0.0.1");
    assertThat(leaf.get("serial").asText()).isEqualTo("d4fbac67ea6e6798");
    assertThat(certificate.get("chain").get(1).get("subject").asText())
        .isEqualTo("CN=tcpmap test CA,O=tcpmap");
  }

  private static JsonNode tls(JsonNode doc, int clientPort) {
    for (JsonNode handshake : doc.get("tls")) {
      if (handshake.get("clientPort").asInt() == clientPort) {
        return handshake;
      }
    }
    throw new AssertionError("no TLS record for client port " + clientPort + ": " + doc.get("tls"));
  }

  private static String connectionStart(JsonNode doc, JsonNode handshake) {
    for (JsonNode c : doc.get("connections")) {
      if (c.get("clientPort").asInt() == handshake.get("clientPort").asInt()
          && c.get("client").asText().equals(handshake.get("client").asText())) {
        return c.get("start").asText();
      }
    }
    throw new AssertionError("no connection for " + handshake);
  }

  private static long connectionsFrom(JsonNode doc, int clientPort) {
    long n = 0;
    for (JsonNode c : doc.get("connections")) {
      n += c.get("clientPort").asInt() == clientPort && c.get("serverPort").asInt() == 443 ? 1 : 0;
    }
    return n;
  }

  /** The answers' facts; the lookups that named no address (listed after them) have no ip. */
  private static List<String> dns(JsonNode doc) {
    List<String> facts = new ArrayList<>();
    for (JsonNode n : doc.get("dns")) {
      if (n.has("ip")) {
        facts.add(
            n.get("name").asText() + " " + n.get("ip").asText() + " " + n.get("ttl").asLong());
      }
    }
    return facts;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}

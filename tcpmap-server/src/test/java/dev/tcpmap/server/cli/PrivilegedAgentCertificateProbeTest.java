package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.enrich.probe.TestTlsServer;
import dev.tcpmap.enrich.probe.TestTlsServer.Mode;
import dev.tcpmap.packet.PacketCaptureFactory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent capturing on {@code lo} sees a JDK client's TLS 1.3 handshake with a JDK server on
 * 127.0.0.1 (no chain on the wire), probes the server with the client's SNI, and shows the chain as
 * {@code probed} with the certificate's exact dates; k8spacket's {@code lastScrape} is the probe
 * time. The socket tracer is not what this is about: a scripted source stands in for it.
 */
@Tag("privileged")
class PrivilegedAgentCertificateProbeTest {

  @Test
  void agent_tls13HandshakeOnLo_getsTheProbedChain() throws Exception {
    try (TestTlsServer tls = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      CliRun run =
          CliRun.agent(
              Map.of("TCPMAP_CAPTURE_TLS_PORTS", String.valueOf(tls.port())),
              config -> new FakeSocketSource(),
              PacketCaptureFactory.live(),
              "--interfaces",
              "lo");
      try {
        ApiServer server = run.server();
        await(server, "/api/v1/status", s -> running(s));
        Instant before = Instant.now();

        int clientPort = tls.clientHandshake("tls.test");

        JsonNode tlsDoc =
            await(
                server,
                "/api/v1/tls",
                d -> {
                  JsonNode h = handshake(d, clientPort);
                  return h != null && !h.get("certificate").isNull();
                });
        JsonNode h = handshake(tlsDoc, clientPort);
        assertThat(h.get("version").asText()).isEqualTo("TLS 1.3");
        assertThat(h.get("sni").asText()).isEqualTo("tls.test");
        JsonNode certificate = h.get("certificate");
        TlsAnswers.assertTestLeaf(certificate, "probed");
        Instant probedAt = Instant.parse(certificate.get("probedAt").asText());
        assertThat(probedAt).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
        // The client's handshake, then the probe's with the same SNI: the server is asked once.
        assertThat(tls.nextSni()).isEqualTo("tls.test");
        assertThat(tls.nextSni()).isEqualTo("tls.test");
        assertThat(tls.connections()).isEqualTo(2);

        JsonNode list = json(server, "/tlsparser/api/data");
        JsonNode entry = entry(list, tls.port());
        JsonNode details = json(server, "/tlsparser/api/data/" + entry.get("id").asText());
        TlsAnswers.assertK8spacketValidity(details);
        JsonNode k8sCertificate = details.get("certificate");
        // Go's RFC 3339 with nanoseconds; the native API prints microseconds.
        assertThat(Instant.parse(k8sCertificate.get("lastScrape").asText()).truncatedTo(MICROS))
            .isEqualTo(probedAt);

        // The probe's own handshake was captured too, and left out: only the client's is shown.
        JsonNode seen =
            await(
                server,
                "/api/v1/status",
                st -> st.get("events").path("probe-handshake").asLong() == 1);
        assertThat(seen.get("events").get("handshake").asLong()).isEqualTo(2);
        assertThat(json(server, "/api/v1/tls").get("handshakes").findValues("serverPort"))
            .filteredOn(port -> port.asInt() == tls.port())
            .hasSize(1);

        JsonNode certificates = json(server, "/api/v1/certificates");
        assertThat(certificates.toString()).contains("\"source\":\"probed\"");
        JsonNode status = json(server, "/api/v1/status");
        assertThat(status.get("losses").toString()).doesNotContain("tls-probe/");
      } finally {
        run.closeServers();
      }
      assertThat(run.errNow()).contains("tcpmap agent: stopped");
    }
  }

  private static boolean running(JsonNode status) {
    JsonNode capture = ApiPolls.source(status, "packet-capture");
    return capture != null && capture.get("state").asText().equals("running");
  }

  private static JsonNode handshake(JsonNode tls, int clientPort) {
    for (JsonNode h : tls.get("handshakes")) {
      if (h.get("clientPort").asInt() == clientPort) {
        return h;
      }
    }
    return null;
  }

  private static JsonNode entry(JsonNode list, int port) {
    for (JsonNode e : list) {
      if (e.get("dst").asText().equals("127.0.0.1") && e.get("dstPort").asInt() == port) {
        return e;
      }
    }
    throw new AssertionError("no TLS connection to 127.0.0.1:" + port + ": " + list);
  }
}

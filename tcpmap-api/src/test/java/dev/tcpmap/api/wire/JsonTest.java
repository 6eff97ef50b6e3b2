package dev.tcpmap.api.wire;

import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final Instant START = Instant.parse("2026-11-21T09:22:18.123456789Z");

  private static String write(Object node) throws JsonProcessingException {
    return Json.mapper().writeValueAsString(node);
  }

  @Test
  void connection_allFieldsInOrder() throws JsonProcessingException {
    Connection c =
        connection(
            "2001:db8::1",
            51234,
            "10.0.0.2",
            443,
            START,
            Duration.ofNanos(1_234_567_891),
            512,
            4096,
            Outcome.RESET);
    assertThat(write(Json.connection(c)))
        .isEqualTo(
            "{\"client\":\"2001:db8::1\",\"clientPort\":51234,\"server\":\"10.0.0.2\","
                + "\"serverPort\":443,\"start\":\"2026-11-21T09:22:18.123456Z\","
                + "\"durationMs\":1234.567,\"bytesSent\":512,\"bytesReceived\":4096,"
                + "\"outcome\":\"reset\",\"startSeen\":true}");
  }

  @Test
  void edge_allFieldsInOrder() throws JsonProcessingException {
    List<EdgeStats> edges =
        Edges.aggregate(
            List.of(
                connection("10.0.0.1", 1, "10.0.0.2", 80, START, Duration.ofSeconds(12), 5, 6),
                connection(
                    "10.0.0.1", 2, "10.0.0.2", 80, START, Duration.ZERO, 0, 0, Outcome.REFUSED)),
            Resolver.IP_ONLY,
            Duration.ofSeconds(10),
            TimeRange.ALL);
    assertThat(write(Json.edge(edges.getFirst())))
        .isEqualTo(
            "{\"client\":\"10.0.0.1\",\"clientName\":\"10.0.0.1\",\"server\":\"10.0.0.2\","
                + "\"serverName\":\"10.0.0.2\",\"serverPort\":80,\"connections\":2,"
                + "\"outcomes\":{\"closed\":1,\"reset\":0,\"refused\":1,\"timeout\":0,"
                + "\"open\":0,\"unknown\":0,\"unreachable\":0},\"persistent\":1,\"bytesSent\":5,"
                + "\"bytesReceived\":6,\"durationMsSum\":12000,\"durationMsMax\":12000,"
                + "\"firstSeen\":\"2026-11-21T09:22:18.123456Z\","
                + "\"lastSeen\":\"2026-11-21T09:22:30.123456Z\"}");
  }

  @Test
  void endpoint_kindInLowerCase() throws JsonProcessingException {
    Endpoint pod = new Endpoint(IpAddress.parse("10.0.0.1"), Kind.POD, "web-1", "shop");
    assertThat(write(Json.endpoint(pod)))
        .isEqualTo(
            "{\"id\":\"10.0.0.1\",\"ip\":\"10.0.0.1\",\"kind\":\"pod\",\"name\":\"web-1\","
                + "\"namespace\":\"shop\",\"title\":\"pod.web-1\"}");
  }

  @Test
  void losses_sortedByReason() throws JsonProcessingException {
    assertThat(write(Json.losses(Map.of("z", 1L, "a", 2L)))).isEqualTo("{\"a\":2,\"z\":1}");
  }

  @Test
  void tlsHandshake_allFieldsInOrder() throws JsonProcessingException {
    Certificate leaf =
        new Certificate(
            "CN=tls.test,O=tcpmap",
            "CN=tcpmap test CA,O=tcpmap",
            List.of("tls.test", "127.0.0.1"),
            Instant.parse("2025-01-02T03:04:05Z"),
            Instant.parse("2026-02-06T03:04:05Z"),
            "d4fbac67ea6e6798");
    TlsHandshake h =
        new TlsHandshake(
            IpAddress.parse("2001:db8::1"),
            51234,
            IpAddress.parse("10.0.0.2"),
            443,
            START,
            true,
            START.plusMillis(1),
            "tls.test",
            List.of("TLS 1.2"),
            List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "0x00FF"),
            List.of("h2", "http/1.1"),
            "h2",
            "TLS 1.2",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "t12d0204h2_000000000000_000000000000",
            Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf))));

    assertThat(write(Json.tlsHandshake(h)))
        .isEqualTo(
            "{\"client\":\"2001:db8::1\",\"clientPort\":51234,\"server\":\"10.0.0.2\","
                + "\"serverPort\":443,\"start\":\"2026-11-21T09:22:18.123456Z\","
                + "\"startSeen\":true,\"sni\":\"tls.test\",\"clientVersions\":[\"TLS 1.2\"],"
                + "\"clientCipherSuites\":[\"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\",\"0x00FF\"],"
                + "\"alpn\":{\"offered\":[\"h2\",\"http/1.1\"],\"chosen\":\"h2\"},"
                + "\"version\":\"TLS 1.2\","
                + "\"cipherSuite\":\"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\","
                + "\"ja4\":\"t12d0204h2_000000000000_000000000000\","
                + "\"certificate\":{\"source\":\"observed\",\"chain\":[{"
                + "\"subject\":\"CN=tls.test,O=tcpmap\",\"issuer\":\"CN=tcpmap test CA,O=tcpmap\","
                + "\"sans\":[\"tls.test\",\"127.0.0.1\"],"
                + "\"notBefore\":\"2025-01-02T03:04:05.000000Z\","
                + "\"notAfter\":\"2026-02-06T03:04:05.000000Z\",\"serial\":\"d4fbac67ea6e6798\"}]}}");
  }

  @Test
  void tlsHandshake_withoutChainOrServerHello_hasNullCertificateAndEmptyChoices()
      throws JsonProcessingException {
    TlsHandshake h =
        new TlsHandshake(
            IpAddress.parse("192.0.2.1"),
            1,
            IpAddress.parse("192.0.2.2"),
            443,
            START,
            true,
            START,
            "",
            List.of("TLS 1.3"),
            List.of("TLS_AES_128_GCM_SHA256"),
            List.of(),
            "",
            "",
            "",
            "t13i010000_f57a46bbacb6_000000000000",
            Optional.empty());

    assertThat(Json.tlsHandshake(h).get("certificate").isNull()).isTrue();
    assertThat(Json.tlsHandshake(h).get("version").asText()).isEmpty();
    assertThat(Json.tlsHandshake(h).get("alpn").toString())
        .isEqualTo("{\"offered\":[],\"chosen\":\"\"}");
  }

  @Test
  void dnsName_nameIpTtlAtRcode() throws JsonProcessingException {
    DnsName name =
        new DnsName(
            IpAddress.parse("198.51.100.7"), "www.example.test", START, Duration.ofSeconds(60));

    assertThat(write(Json.dnsName(name)))
        .isEqualTo(
            "{\"name\":\"www.example.test\",\"ip\":\"198.51.100.7\",\"ttl\":60,"
                + "\"at\":\"2026-11-21T09:22:18.123456Z\",\"rcode\":\"NOERROR\"}");
  }
}

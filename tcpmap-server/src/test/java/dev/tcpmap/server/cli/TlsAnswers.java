package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * What the API answers about the test TLS servers (capture's {@code HandshakeCapture} between
 * network namespaces, enrich's {@code TestTlsServer} on loopback): both serve the test CA's leaf
 * for {@code tls.test}, valid from 2025-01-02T03:04:05Z to 2026-02-06T03:04:05Z.
 */
final class TlsAnswers {
  /** The leaf's validity as the native API prints it: to the microsecond. */
  static final String NOT_BEFORE = "2025-01-02T03:04:05.000000Z";

  static final String NOT_AFTER = "2026-02-06T03:04:05.000000Z";

  private TlsAnswers() {}

  /**
   * A handshake's {@code certificate}: from {@code source}, its chain starting at the test leaf.
   */
  static JsonNode assertTestLeaf(JsonNode certificate, String source) {
    assertThat(certificate.get("source").asText()).isEqualTo(source);
    JsonNode leaf = certificate.get("chain").get(0);
    assertThat(leaf.get("subject").asText()).isEqualTo("CN=tls.test,O=tcpmap");
    assertThat(leaf.get("notBefore").asText()).isEqualTo(NOT_BEFORE);
    assertThat(leaf.get("notAfter").asText()).isEqualTo(NOT_AFTER);
    return leaf;
  }

  /**
   * What every front end reports of HandshakeCapture's four handshakes, each found by the name of
   * its exchange: the ends, the server name, the version and suite the server chose, and the chain
   * where the wire shows it (TLS 1.2).
   */
  static void assertCapturedHandshakes(Function<String, JsonNode> byExchange) {
    JsonNode v4tls12 = byExchange.apply("v4-tls12");
    assertThat(v4tls12.get("client").asText()).isEqualTo("192.0.2.1");
    assertThat(v4tls12.get("server").asText()).isEqualTo("198.51.100.1");
    assertThat(v4tls12.get("serverPort").asInt()).isEqualTo(443);
    assertThat(v4tls12.get("sni").asText()).isEqualTo("tls.test");
    assertThat(v4tls12.get("version").asText()).isEqualTo("TLS 1.2");
    assertThat(v4tls12.get("cipherSuite").asText())
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertTestLeaf(v4tls12.get("certificate"), "observed");

    JsonNode v6tls13 = byExchange.apply("v6-tls13");
    assertThat(v6tls13.get("client").asText()).isEqualTo("2001:db8:a::1");
    assertThat(v6tls13.get("server").asText()).isEqualTo("2001:db8:b::1");
    assertThat(v6tls13.get("sni").asText()).isEqualTo("v6.tls.test");
    assertThat(v6tls13.get("version").asText()).isEqualTo("TLS 1.3");
    assertThat(v6tls13.get("cipherSuite").asText()).isEqualTo("TLS_AES_256_GCM_SHA384");
    assertThat(v6tls13.get("certificate").isNull()).isTrue();

    JsonNode big = byExchange.apply("v4-tls13-big");
    assertThat(big.get("sni").asText()).isEqualTo("big.tls.test");
    assertThat(big.get("version").asText()).isEqualTo("TLS 1.3");
    assertThat(big.get("cipherSuite").asText()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");

    JsonNode v6tls12 = byExchange.apply("v6-tls12");
    assertThat(v6tls12.get("sni").asText()).isEqualTo("v6-12.tls.test");
    assertThat(v6tls12.get("version").asText()).isEqualTo("TLS 1.2");
    assertThat(v6tls12.get("cipherSuite").asText())
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    assertTestLeaf(v6tls12.get("certificate"), "observed");
  }

  /** k8spacket's details of a TLS connection: the test leaf's validity, to the second as Go. */
  static void assertK8spacketValidity(JsonNode details) {
    assertThat(details.get("certificate").get("notBefore").asText())
        .isEqualTo("2025-01-02T03:04:05Z");
    assertThat(details.get("certificate").get("notAfter").asText())
        .isEqualTo("2026-02-06T03:04:05Z");
  }

  /** The entry of k8spacket's TLS list ({@code /tlsparser/api/data}) from src to dst. */
  static JsonNode entry(JsonNode list, String src, String dst) {
    for (JsonNode e : list) {
      if (e.get("src").asText().equals(src) && e.get("dst").asText().equals(dst)) {
        return e;
      }
    }
    throw new AssertionError("no TLS connection " + src + " -> " + dst + ": " + list);
  }

  /** k8spacket's entries for HandshakeCapture's exchanges: one per client and server. */
  record Newest(JsonNode v4, JsonNode v6) {}

  /**
   * k8spacket's TLS list of HandshakeCapture's exchanges: two handshakes per (client, server, port)
   * one after the other, of which it shows the newer.
   */
  static Newest assertNewestHandshakes(JsonNode list) {
    assertThat(list).hasSize(2);
    JsonNode v4 = entry(list, "192.0.2.1", "198.51.100.1");
    assertThat(v4.get("domain").asText()).isEqualTo("big.tls.test");
    assertThat(v4.get("usedTLSVersion").asText()).isEqualTo("TLS 1.3");
    JsonNode v6 = entry(list, "2001:db8:a::1", "2001:db8:b::1");
    assertThat(v6.get("domain").asText()).isEqualTo("v6-12.tls.test");
    assertThat(v6.get("usedTLSVersion").asText()).isEqualTo("TLS 1.2");
    assertThat(v6.get("usedCipherSuite").asText())
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    return new Newest(v4, v6);
  }
}

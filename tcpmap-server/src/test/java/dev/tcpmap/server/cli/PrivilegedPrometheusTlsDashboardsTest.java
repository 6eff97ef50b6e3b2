package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.HandshakeCapture;
import dev.tcpmap.capture.testnet.HandshakeCapture.TlsCase;
import dev.tcpmap.capture.testnet.TestNetwork;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8spacket's TLS metrics and certificate-expiry dashboards ({@code dashboards/
 * k8s-packet-tls-metrics.yaml} and {@code k8s-packet-tls-cert-expiry.yaml} in its repository),
 * their panel queries as k8spacket writes them, against a real Prometheus scraping a live agent
 * that captured real JDK TLS 1.2 and 1.3 handshakes on the veth of a test network namespace ({@link
 * HandshakeCapture}'s servers, whose leaf's notAfter is known). Two rounds of the same handshakes,
 * the second after Prometheus scraped the first: the expiry panel keeps the certificates whose
 * {@code k8s_packet_tls_cert_expiry_count} grew ({@code rate(…) > 0}), as it does for k8spacket's
 * counter.
 *
 * <p>The agent's certificate probe is off: the servers live in the test namespace, which the
 * agent's host cannot route to (PrivilegedAgentCertificateProbeTest probes). So only the TLS 1.2
 * servers, whose chain is on the wire, have an expiry; TLS 1.3 shows in the handshake panel.
 */
@Tag("privileged")
class PrivilegedPrometheusTlsDashboardsTest {
  /** k8spacket's certificate-expiry dashboard: its one panel, a gauge of each certificate. */
  private static final String CERT_EXPIRY_PANEL =
      "sort(min(k8s_packet_tls_cert_expiry{domain!=\"\"} and"
          + " rate(k8s_packet_tls_cert_expiry_count{domain!=\"\"}[$past_interval]) > 0) by"
          + " (domain)\n    or\n    min(k8s_packet_tls_cert_expiry{domain=\"\"} and"
          + " rate(k8s_packet_tls_cert_expiry_count{domain=\"\"}[$past_interval]) > 0) by (dst)\n)";

  /** The certificate-expiry dashboard's {@code past_interval}: its default. */
  private static final String PAST_INTERVAL = "30m";

  /** k8spacket's TLS metrics dashboard, panel "TLS certificate expiration" (a date axis). */
  private static final String TLS_EXPIRY_PANEL =
      "(min(k8s_packet_tls_cert_expiry{domain=~\"$domain\"}) by (domain) or"
          + " min(k8s_packet_tls_cert_expiry{domain=~\"$domain\"}) by (dst)) > 0";

  /** k8spacket's TLS metrics dashboard, panel "TLS connections". */
  private static final String TLS_CONNECTIONS_PANEL =
      "sum(k8s_packet_tls_record{domain=~\"$domain\", tls_version=~\"$tls_version\","
          + " cipher_suite=~\"$cipher_suite\"}) by (domain, dst_name, tls_version, cipher_suite)";

  private static final int ROUNDS = 2;

  @TempDir Path work;

  @Test
  void tlsDashboards_twoRoundsOfRealHandshakes_drawTheNegotiatedAndTheCertificate()
      throws Exception {
    PrometheusProcess.requireTools();
    int agentPort = PrometheusProcess.freePort();
    try (TestNetwork network = TestNetwork.create(1, 2);
        PrometheusProcess prometheus =
            PrometheusProcess.start(work.resolve("prometheus"), List.of(agentPort))) {
      CliRun run = CliRun.vethAgent(network, "--port", Integer.toString(agentPort));
      try {
        ApiServer api = run.server();
        ApiPolls.await(api, "/api/v1/status", PrivilegedPrometheusTlsDashboardsTest::capturing);
        for (int round = 1; round <= ROUNDS; round++) {
          HandshakeCapture.exchange(network);
          // Scraped before the next round: the second is then growth a rate() can see.
          int handshakes = round * HandshakeCapture.TLS.size();
          int chains = round * withChain().size();
          assertThat(prometheus.await("sum(k8s_packet_tls_record)", v -> v >= handshakes))
              .isEqualTo(handshakes);
          assertThat(prometheus.await("sum(k8s_packet_tls_cert_expiry_count)", v -> v >= chains))
              .isEqualTo(chains);
        }
        assertCertificateExpiryDashboard(prometheus);
        assertTlsMetricsDashboard(prometheus);
        assertThat(ApiPolls.json(api, "/api/v1/status").get("losses").toString())
            .doesNotContain("tls/", "capture/");
      } finally {
        run.closeServers();
      }
    }
  }

  /** Each server whose chain was on the wire, at its notAfter, by its SNI; nothing else. */
  private static void assertCertificateExpiryDashboard(PrometheusProcess prometheus)
      throws Exception {
    String expr = CERT_EXPIRY_PANEL.replace("$past_interval", PAST_INTERVAL);
    Map<String, Double> expected = new TreeMap<>();
    withChain().forEach(c -> expected.put("domain=" + c.sni(), notAfterMillis()));
    assertThat(byLabels(prometheus.awaitResult(expr, drawn(expected))))
        .as(expr)
        .isEqualTo(expected);
  }

  /**
   * The expiry panel has the certificates by domain and by server; the connections panel each
   * handshake's domain, version and suite as the JDK negotiated them, counted once a round (summed
   * over {@code dst_name}: a name the DNS answers gave the server between the rounds is a series of
   * its own, as with k8spacket).
   */
  private static void assertTlsMetricsDashboard(PrometheusProcess prometheus) throws Exception {
    String domain = variable(prometheus, "domain");
    Map<String, Double> expiries = new TreeMap<>();
    for (TlsCase c : withChain()) {
      expiries.put("domain=" + c.sni(), notAfterMillis());
      expiries.put("dst=" + c.server(), notAfterMillis());
    }
    String expiryExpr = TLS_EXPIRY_PANEL.replace("$domain", domain);
    assertThat(byLabels(prometheus.awaitResult(expiryExpr, drawn(expiries))))
        .as(expiryExpr)
        .isEqualTo(expiries);

    String connectionsExpr =
        TLS_CONNECTIONS_PANEL
            .replace("$domain", domain)
            .replace("$tls_version", variable(prometheus, "tls_version"))
            .replace("$cipher_suite", variable(prometheus, "cipher_suite"));
    Map<String, Double> expected = new TreeMap<>();
    for (TlsCase c : HandshakeCapture.TLS) {
      expected.put(negotiated(c.sni(), version(c), c.suite()), (double) ROUNDS);
    }
    Map<String, Double> drawn = new TreeMap<>();
    for (JsonNode series : prometheus.query(connectionsExpr)) {
      JsonNode m = series.get("metric");
      assertThat(m.path("dst_name").asText()).as(series.toString()).isNotEmpty();
      drawn.merge(
          negotiated(
              m.get("domain").asText(),
              m.get("tls_version").asText(),
              m.get("cipher_suite").asText()),
          Double.parseDouble(series.get("value").get(1).asText()),
          Double::sum);
    }
    assertThat(drawn).as(connectionsExpr).isEqualTo(expected);
  }

  /** A variable of the TLS metrics dashboard as Grafana's "All": {@code label_values(…)}. */
  private static String variable(PrometheusProcess prometheus, String label) throws Exception {
    List<String> values = prometheus.labelValues(label, "k8s_packet_tls_record");
    assertThat(values).as(label).isNotEmpty();
    return PrometheusProcess.allOf(values);
  }

  /** The cases whose server sends its chain in the clear: TLS 1.2. */
  private static List<TlsCase> withChain() {
    return HandshakeCapture.TLS.stream().filter(c -> c.protocol().equals("TLSv1.2")).toList();
  }

  /** The JDK's protocol name as k8spacket prints a version: {@code TLSv1.3} is {@code TLS 1.3}. */
  private static String version(TlsCase c) {
    return c.protocol().replace("TLSv", "TLS ");
  }

  private static String negotiated(String domain, String version, String suite) {
    return domain + " " + version + " " + suite;
  }

  /** The test leaf's notAfter as k8spacket's gauge holds it: unix milliseconds. */
  private static double notAfterMillis() {
    return Instant.parse(TlsAnswers.NOT_AFTER).toEpochMilli();
  }

  /** Each sample by its labels ({@code name=value,…}). */
  private static Map<String, Double> byLabels(JsonNode result) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode series : result) {
      StringBuilder key = new StringBuilder();
      series
          .get("metric")
          .properties()
          .forEach(
              l ->
                  key.append(key.isEmpty() ? "" : ",")
                      .append(l.getKey())
                      .append('=')
                      .append(l.getValue().asText()));
      out.put(key.toString(), Double.parseDouble(series.get("value").get(1).asText()));
    }
    return out;
  }

  /** Until the panel draws all {@code expected} series (a rate needs the second round's scrape). */
  private static Predicate<JsonNode> drawn(Map<String, Double> expected) {
    return result -> byLabels(result).keySet().containsAll(expected.keySet());
  }

  private static boolean capturing(JsonNode status) {
    JsonNode capture = ApiPolls.source(status, "packet-capture");
    return capture != null && capture.get("state").asText().equals("running");
  }
}

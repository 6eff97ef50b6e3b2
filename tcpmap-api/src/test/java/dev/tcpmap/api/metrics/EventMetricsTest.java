package dev.tcpmap.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.testing.HandedOn;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventMetricsTest {
  private static final Instant T0 = TestConnections.T0;
  private static final Resolver SHOP =
      (ip, at) ->
          switch (ip.toString()) {
            case "10.1.0.1" ->
                new Endpoint(
                    ip,
                    Endpoint.Kind.POD,
                    "web-7d4b9",
                    "shop",
                    new Endpoint.Workload("Deployment", "web"),
                    "worker-1");
            case "10.1.0.2" ->
                new Endpoint(
                    ip,
                    Endpoint.Kind.POD,
                    "db-0",
                    "shop",
                    new Endpoint.Workload("StatefulSet", "db"),
                    "worker-2");
            default -> Endpoint.ofIp(ip);
          };

  private final HandedOn handedOn = new HandedOn();

  @Test
  void closed_k8spacketSummaries_secondsAndHiddenSourcePort() throws IOException {
    EventMetrics metrics = metrics(MetricsSettings.Config.DEFAULTS);
    send(metrics, closed("10.1.0.1", 40001, "10.1.0.2", 5432, 1500, 100, 2000, Outcome.CLOSED));
    send(metrics, closed("10.1.0.1", 40002, "10.1.0.2", 5432, 12_000, 50, 70, Outcome.CLOSED));

    String text = scrape(metrics);

    String shortLived =
        "{dst=\"10.1.0.2\",dst_name=\"pod.db-0\",dst_port=\"5432\",ns=\"shop\","
            + "persistent=\"false\",src=\"10.1.0.1\",src_name=\"pod.web-7d4b9\",src_port=\"dynamic\"}";
    assertThat(text)
        .contains("# TYPE k8s_packet_bytes_sent summary")
        .contains("k8s_packet_bytes_sent_count" + shortLived + " 1")
        .contains("k8s_packet_bytes_sent_sum" + shortLived + " 100.0")
        .contains("k8s_packet_bytes_received_sum" + shortLived + " 2000.0")
        .contains("k8s_packet_duration_seconds_sum" + shortLived + " 1.5")
        .contains(
            "k8s_packet_duration_seconds_sum{dst=\"10.1.0.2\",dst_name=\"pod.db-0\","
                + "dst_port=\"5432\",ns=\"shop\",persistent=\"true\",src=\"10.1.0.1\","
                + "src_name=\"pod.web-7d4b9\",src_port=\"dynamic\"} 12.0");
    assertThat(handedOn.events()).hasSize(2);
  }

  @Test
  void closed_sourcePortShown_whenNotHidden() throws IOException {
    EventMetrics metrics = metrics(new MetricsSettings.Config(true, false, true, true, 100));
    send(metrics, closed("10.1.0.1", 40001, "10.1.0.2", 5432, 1, 1, 1, Outcome.CLOSED));

    assertThat(scrape(metrics)).contains("src_port=\"40001\"").doesNotContain("dynamic");
  }

  @Test
  void closed_tcpSwitchedOff_noK8spacketFamilies_workloadFamiliesStay() throws IOException {
    EventMetrics metrics = metrics(new MetricsSettings.Config(false, true, true, true, 100));
    send(metrics, closed("10.1.0.1", 40001, "10.1.0.2", 5432, 1, 1, 1, Outcome.CLOSED));

    assertThat(scrape(metrics)).doesNotContain("k8s_packet_bytes").contains("tcpmap_bytes_total");
  }

  @Test
  void closed_workloadFamilies_byWorkloadOutcomeAndDirection() throws IOException {
    EventMetrics metrics = metrics(MetricsSettings.Config.DEFAULTS);
    send(metrics, closed("10.1.0.1", 40001, "10.1.0.2", 5432, 1500, 100, 2000, Outcome.CLOSED));
    send(metrics, closed("10.1.0.1", 40002, "10.1.0.2", 5432, 20, 10, 0, Outcome.RESET));
    send(metrics, closed("10.1.0.1", 40003, "203.0.113.9", 443, 20, 7, 9, Outcome.CLOSED));

    String text = scrape(metrics);

    String web = "client_namespace=\"shop\",client_workload=\"Deployment/web\",";
    String db = "server_namespace=\"shop\",server_port=\"5432\",server_workload=\"StatefulSet/db\"";
    assertThat(text)
        .contains("tcpmap_connections_total{" + web + "outcome=\"closed\"," + db + "} 1.0")
        .contains("tcpmap_connections_total{" + web + "outcome=\"reset\"," + db + "} 1.0")
        .contains(
            "tcpmap_bytes_total{" + web + "direction=\"sent\",outcome=\"closed\"," + db + "} 100.0")
        .contains(
            "tcpmap_bytes_total{"
                + web
                + "direction=\"received\",outcome=\"closed\","
                + db
                + "} 2000.0")
        .contains(
            "tcpmap_connection_duration_seconds_bucket{"
                + web
                + "outcome=\"closed\","
                + db
                + ",le=\"5.0\"} 1")
        .contains(
            "tcpmap_connections_total{"
                + web
                + "outcome=\"closed\",server_namespace=\"\",server_port=\"443\","
                + "server_workload=\"203.0.113.9\"} 1.0");
  }

  @Test
  void closed_seenFromTheServerSide_countedOnlyWhenNoAgentSeesTheClient() throws IOException {
    EventMetrics metrics = metrics(MetricsSettings.Config.DEFAULTS);
    // The client pod's agent counts these; the server's own socket is all this node saw.
    send(
        metrics,
        serverSide(closed("10.1.0.1", 40001, "10.1.0.2", 5432, 5, 100, 200, Outcome.CLOSED)));
    // No agent runs at an outside address: the server's agent is the only one to count it.
    send(
        metrics,
        serverSide(closed("203.0.113.9", 40002, "10.1.0.2", 5432, 5, 7, 9, Outcome.CLOSED)));

    String text = scrape(metrics);

    assertThat(lines(text, "tcpmap_connections_total{"))
        .containsExactly(
            "tcpmap_connections_total{client_namespace=\"\",client_workload=\"203.0.113.9\","
                + "outcome=\"closed\",server_namespace=\"shop\",server_port=\"5432\","
                + "server_workload=\"StatefulSet/db\"} 1.0");
    // k8spacket's summaries count every connection the node saw, as k8spacket's do.
    assertThat(lines(text, "k8s_packet_bytes_sent_count{")).hasSize(2);
  }

  /** The same close as the live tracer reports it when only the server's socket is on this host. */
  private static ConnectionClosed serverSide(ConnectionClosed event) {
    return new ConnectionClosed(
        TestConnections.withDetails(
            event.connection(),
            new SocketDetails(ProcessInfo.UNKNOWN, new ProcessInfo(7, "postgres", 1), 0, 0)));
  }

  @Test
  void flood_staysUnderTheCap_andCountsEveryFold() throws IOException {
    EventMetrics metrics = metrics(new MetricsSettings.Config(true, true, true, true, 6));
    for (int i = 1; i <= 100; i++) {
      send(metrics, closed("192.0.2." + i, 40000, "10.1.0.2", 5432, 1, 10, 1, Outcome.CLOSED));
    }

    String text = scrape(metrics);

    // Six series: six label sets of a counter, three of a summary (_count and _sum), and a fold.
    assertThat(lines(text, "tcpmap_connections_total{")).hasSize(7);
    assertThat(lines(text, "k8s_packet_bytes_sent_count{")).hasSize(4);
    // A histogram's label set is 17 series: more than six, so one label set and the fold.
    assertThat(lines(text, "tcpmap_connection_duration_seconds_count{")).hasSize(2);
    assertThat(text)
        .contains(
            "tcpmap_connections_total{client_namespace=\"other\",client_workload=\"other\","
                + "outcome=\"closed\",server_namespace=\"other\",server_port=\"other\","
                + "server_workload=\"other\"} 94.0")
        .contains("tcpmap_metric_series_folded_total{family=\"tcpmap_connections_total\"} 94.0")
        .contains(
            "tcpmap_metric_series_folded_total{family=\"tcpmap_connection_duration_seconds\"}"
                + " 99.0")
        .contains("tcpmap_metric_series_folded_total{family=\"k8s_packet_bytes_sent\"} 97.0")
        .contains(
            "k8s_packet_bytes_sent_sum{dst=\"other\",dst_name=\"other\",dst_port=\"other\","
                + "ns=\"other\",persistent=\"false\",src=\"other\",src_name=\"other\","
                + "src_port=\"other\"} 970.0");
  }

  @Test
  void tls_recordsAndExpiry_growWithEachHandshakeAndProbe() throws IOException {
    EventMetrics metrics = metrics(MetricsSettings.Config.DEFAULTS);
    Certificate leaf =
        new Certificate(
            "CN=a.test", "CN=ca", List.of(), T0, Instant.parse("2027-01-01T00:00:00Z"), "1");
    CertificateChain chain = new CertificateChain(CertificateChain.Source.PROBED, List.of(leaf));
    IpAddress server = IpAddress.parse("10.1.0.2");
    send(metrics, handshake(Optional.empty()));
    send(metrics, new CertificateProbed(server, 443, "a.test", T0, Optional.of(chain), ""));
    send(metrics, handshake(Optional.of(chain)));

    String text = scrape(metrics);

    assertThat(text)
        .contains(
            "k8s_packet_tls_record{cipher_suite=\"TLS_AES_128_GCM_SHA256\",domain=\"a.test\","
                + "dst=\"10.1.0.2\",dst_name=\"pod.db-0\",dst_port=\"443\",ns=\"shop\","
                + "src=\"10.1.0.1\",src_name=\"pod.web-7d4b9\",tls_version=\"TLS 1.3\"} 2.0")
        .contains("# TYPE k8s_packet_tls_cert_expiry_count untyped")
        .contains(
            "k8s_packet_tls_cert_expiry_count{domain=\"a.test\",dst=\"10.1.0.2\",dst_port=\"443\"}"
                + " 2.0")
        .contains(
            "k8s_packet_tls_cert_expiry{domain=\"a.test\",dst=\"10.1.0.2\",dst_port=\"443\"}"
                + " 1.7987616E12");
  }

  @Test
  void tls_switchedOff_noTlsFamilies() throws IOException {
    EventMetrics metrics = metrics(new MetricsSettings.Config(true, true, false, false, 10));
    send(metrics, handshake(Optional.empty()));

    assertThat(scrape(metrics)).doesNotContain("k8s_packet_tls");
  }

  private static TlsHandshakeSeen handshake(Optional<CertificateChain> chain) {
    return new TlsHandshakeSeen(
        TestHandshakes.tls13(
            IpAddress.parse("10.1.0.1"),
            40000,
            IpAddress.parse("10.1.0.2"),
            443,
            T0,
            T0,
            "a.test",
            chain));
  }

  private static ConnectionClosed closed(
      String client,
      int clientPort,
      String server,
      int port,
      long millis,
      long sent,
      long received,
      Outcome outcome) {
    return new ConnectionClosed(
        TestConnections.connection(
            client,
            clientPort,
            server,
            port,
            T0,
            Duration.ofMillis(millis),
            sent,
            received,
            outcome));
  }

  /** The families of {@code config}, naming by {@link #SHOP}, persistent from 10 s. */
  private static EventMetrics metrics(MetricsSettings.Config config) {
    return new EventMetrics(config, SHOP, seconds(10));
  }

  /** Through the stage, and a close also as the aggregator hands it on: named by its resolver. */
  private void send(EventMetrics metrics, Event event) {
    metrics.accept(event, handedOn);
    if (event instanceof ConnectionClosed c) {
      metrics.closed(ConnectionRecord.named(c.connection(), SHOP));
    }
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  private static List<String> lines(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).toList();
  }

  private static String scrape(EventMetrics metrics) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    metrics.register(registry);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.builder()
        .setIncludeCreatedTimestamps(false)
        .build()
        .write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}

package dev.tcpmap.enrich;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over HTTP: an ApiServer whose resolver falls back to looked-up names, over a snapshot
 * with a public address without traffic name, a private address, and a public one whose
 * connection's handshake gave a server name.
 */
class AddressNamesApiTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void graph_namesLookedUpOffThePath_trafficNameWins_privateNeverToWhois(@TempDir Path dir)
      throws Exception {
    try (Dnsmasq dnsmasq =
            Dnsmasq.start(List.of("--ptr-record=7.100.51.198.in-addr.arpa,mail.example.se"));
        WhoisServer whois = new WhoisServer(q -> WhoisTest.RIPE);
        AddressNames names =
            new AddressNames(
                new ReverseDns(dnsmasq.address, Duration.ofSeconds(2)),
                new Whois(
                    HostPort.parse(whois.hostPort(), 43), WhoisTest.ORG, Duration.ofSeconds(2)),
                GeoIp.open(GeoIpTest.cityDatabase(dir)),
                Duration.ofHours(1),
                100,
                InstantSource.system())) {
      Resolver looked = AddressNamesResolver.over(Resolver.IP_ONLY, names);
      TrafficNames traffic = new TrafficNames(10);
      TlsHandshake shop = handshake("10.0.0.1", 40003, "203.0.113.5", "shop.example.com");
      traffic.learn(shop);
      // As the aggregator named the records: the SNI at once, the lookups not answered yet.
      Snapshot snapshot =
          Snapshot.of(
              List.of(
                  connection(
                      "10.0.0.1", 40001, "198.51.100.7", 443, T0, Duration.ofSeconds(1), 1, 2),
                  connection("10.0.0.1", 40002, "10.1.2.3", 80, T0, Duration.ofSeconds(1), 1, 2),
                  connection(
                      "10.0.0.1", 40003, "203.0.113.5", 443, T0, Duration.ofSeconds(1), 1, 2)),
              traffic.over(looked),
              Map.of(),
              T0.plusSeconds(60),
              List.of(shop),
              List.of());
      ApiConfig config =
          ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10))
              .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .withResolver(looked)
              .withNames(traffic.over(looked));
      try (ApiServer server = ApiServer.start(config, () -> snapshot)) {
        names.register(server.registry());

        Map<String, String> first = titles(server);
        assertThat(first).containsEntry("203.0.113.5", "shop.example.com");
        assertThat(first.get("198.51.100.7"))
            .isIn("198.51.100.7", "mail.example.se (SE, Linköping)");

        Map<String, String> later =
            awaitTitle(server, "198.51.100.7", "mail.example.se (SE, Linköping)");
        assertThat(later).containsEntry("203.0.113.5", "shop.example.com");
        assertThat(later.get("10.1.2.3")).isEqualTo("10.1.2.3"); // no PTR, private: nothing more
        // The whois lookup for 203.0.113.5 ran (its PTR failed) and its name still lost to the SNI.
        awaitMetric(server, "tcpmap_address_lookups_total{kind=\"whois\",result=\"ok\"} 1.0");
        assertThat(whois.queries).containsExactly("203.0.113.5");
        assertThat(text(server, "/metrics"))
            .contains("tcpmap_address_lookups_total{kind=\"ptr\",result=\"ok\"} 1.0")
            .contains("tcpmap_address_lookups_total{kind=\"geoip\",result=\"ok\"} 2.0");
      }
    }
  }

  private static TlsHandshake handshake(String client, int port, String server, String sni) {
    return new TlsHandshake(
        IpAddress.parse(client),
        port,
        IpAddress.parse(server),
        443,
        T0,
        true,
        T0.plusMillis(2),
        sni,
        List.of("TLS 1.3"),
        List.of("TLS_AES_128_GCM_SHA256"),
        List.of("h2"),
        "",
        "TLS 1.3",
        "TLS_AES_128_GCM_SHA256",
        "t13d0410h2_0f4ca1bd4fa8_e5627efa2ab1",
        Optional.empty());
  }

  /** Node id (the IP) to title of the k8spacket node graph. */
  private static Map<String, String> titles(ApiServer server) throws Exception {
    JsonNode graph = Json.mapper().readTree(text(server, "/nodegraph/api/graph/data"));
    Map<String, String> titles = new HashMap<>();
    graph.get("nodes").forEach(n -> titles.put(n.get("id").asText(), n.get("title").asText()));
    return titles;
  }

  /** Asks every 100 ms, at most 100 times, until {@code id} has {@code title}. */
  private static Map<String, String> awaitTitle(ApiServer server, String id, String title)
      throws Exception {
    Map<String, String> titles = titles(server);
    for (int i = 0; i < 100 && !title.equals(titles.get(id)); i++) {
      Thread.sleep(100);
      titles = titles(server);
    }
    assertThat(titles).containsEntry(id, title);
    return titles;
  }

  private static void awaitMetric(ApiServer server, String line) throws Exception {
    for (int i = 0; i < 100 && !text(server, "/metrics").contains(line); i++) {
      Thread.sleep(100);
    }
    assertThat(text(server, "/metrics")).contains(line);
  }

  private static String text(ApiServer server, String path) throws Exception {
    return CLIENT
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

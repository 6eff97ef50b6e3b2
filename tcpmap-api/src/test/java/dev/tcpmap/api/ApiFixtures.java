package dev.tcpmap.api;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.enrich.TrafficNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fixed little world for API tests: a shop's web pod calling its api service, the api calling a
 * database, a node refused, IPv6 clients, every outcome; a fixed clock; a real server on a free
 * loopback port.
 */
final class ApiFixtures {
  static final Instant NOW = T0.plus(Duration.ofHours(2));

  static final List<Connection> CONNECTIONS =
      List.of(
          connection("10.0.0.1", 40001, "10.0.0.2", 80, T0, Duration.ofMillis(1500), 512, 2048),
          connection(
              "10.0.0.1",
              40002,
              "10.0.0.2",
              80,
              T0.plusSeconds(2),
              Duration.ofMillis(12_250),
              100,
              0),
          connection(
              "10.0.0.1",
              40003,
              "10.0.0.2",
              443,
              T0.plusSeconds(5),
              Duration.ofMillis(250),
              1536,
              20480,
              Outcome.RESET),
          connection(
              "10.0.0.3",
              50000,
              "10.0.0.2",
              80,
              T0.plusSeconds(10),
              Duration.ZERO,
              0,
              0,
              Outcome.REFUSED),
          connection(
              "10.0.0.2",
              41000,
              "10.0.0.9",
              5432,
              T0.plusSeconds(1),
              Duration.ofMillis(123_500),
              4096,
              65536),
          connection(
              "2001:db8::10",
              52000,
              "2001:db8::1",
              443,
              T0.plusNanos(20_123_456_789L),
              Duration.ofSeconds(3),
              700,
              1_400_000),
          connection(
              "2001:db8::10",
              52001,
              "2001:db8::1",
              443,
              T0.plusSeconds(30),
              Duration.ofNanos(123_456_789),
              0,
              0,
              Outcome.TIMEOUT),
          connection(
              "10.0.0.1",
              40010,
              "10.0.0.2",
              80,
              T0.plusSeconds(40),
              Duration.ofHours(1),
              10,
              10,
              Outcome.OPEN),
          new Connection(
              IpAddress.parse("fd00::7"),
              33000,
              IpAddress.parse("10.0.0.9"),
              5432,
              T0.plusSeconds(50),
              Duration.ofSeconds(5),
              1,
              1,
              Outcome.UNKNOWN,
              false,
              SocketDetails.NONE));

  static final Certificate SHOP_CA =
      new Certificate(
          "CN=shop CA,O=shop",
          "CN=shop CA,O=shop",
          List.of(),
          Instant.parse("2025-01-01T00:00:00Z"),
          Instant.parse("2035-01-01T00:00:00Z"),
          "1");

  static final Certificate API_LEAF =
      new Certificate(
          "CN=api.shop.test",
          "CN=shop CA,O=shop",
          List.of("api.shop.test", "10.0.0.2"),
          Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"),
          "a1b2c3");

  static final Certificate V6_LEAF =
      new Certificate(
          "CN=v6.example.test",
          "CN=Example Issuing CA,O=Example",
          List.of("v6.example.test"),
          Instant.parse("2026-09-01T12:00:00Z"),
          Instant.parse("2026-12-01T12:00:00Z"),
          "7f");

  /**
   * TLS on the connections above: web → api over TLS 1.2 with the chain seen, then again over TLS
   * 1.3 (no chain); an IPv6 client with a probed chain, and its later handshake that got no answer;
   * a node calling an external server that sent no chain seen.
   */
  static final List<TlsHandshake> HANDSHAKES =
      List.of(
          handshake(
              "10.0.0.1",
              40003,
              "10.0.0.2",
              443,
              T0.plusSeconds(5),
              "api.shop.test",
              "TLS 1.2",
              "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
              Optional.of(
                  new CertificateChain(
                      CertificateChain.Source.OBSERVED, List.of(API_LEAF, SHOP_CA)))),
          handshake(
              "10.0.0.1",
              40004,
              "10.0.0.2",
              443,
              T0.plusSeconds(60),
              "api.shop.test",
              "TLS 1.3",
              "TLS_AES_128_GCM_SHA256",
              Optional.empty()),
          handshake(
              "2001:db8::10",
              52000,
              "2001:db8::1",
              443,
              T0.plusNanos(20_123_456_789L),
              "v6.example.test",
              "TLS 1.3",
              "TLS_AES_256_GCM_SHA384",
              Optional.of(new CertificateChain(CertificateChain.Source.PROBED, List.of(V6_LEAF)))),
          handshake(
              "2001:db8::10",
              52001,
              "2001:db8::1",
              443,
              T0.plusSeconds(30),
              "v6.example.test",
              "",
              "",
              Optional.empty()),
          handshake(
              "10.0.0.3",
              50001,
              "203.0.113.5",
              8443,
              T0.plusSeconds(12),
              "",
              "TLS 1.2",
              "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
              Optional.empty()));

  /** Kubernetes-like names for some addresses; the rest are named by IP. */
  static final Resolver NAMES =
      (ip, at) ->
          switch (ip.toString()) {
            case "10.0.0.1" -> new Endpoint(ip, Kind.POD, "web-1", "shop");
            case "10.0.0.2" -> new Endpoint(ip, Kind.SERVICE, "api", "shop");
            case "10.0.0.3" -> new Endpoint(ip, Kind.NODE, "worker-1", "");
            case "10.0.0.9" -> new Endpoint(ip, Kind.POD, "postgres-0", "data");
            default -> Endpoint.ofIp(ip);
          };

  /** {@link #NAMES} and what the handshakes said of the external servers. */
  static final Resolver TRAFFIC_NAMES = traffic();

  /** The records as the aggregator named them, the handshakes, the losses. */
  static final Snapshot SNAPSHOT =
      Snapshot.of(CONNECTIONS, TRAFFIC_NAMES, Map.of("evicted", 2L), NOW, HANDSHAKES, List.of());

  static final ApiConfig CONFIG =
      ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10))
          .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .withResolver(NAMES)
          .withNames(TRAFFIC_NAMES)
          .withClock(InstantSource.fixed(NOW));

  private static Resolver traffic() {
    TrafficNames traffic = new TrafficNames(100);
    HANDSHAKES.forEach(traffic::learn);
    return traffic.over(NAMES);
  }

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiFixtures() {}

  /** A handshake completed 2 ms after its connection started, offering TLS 1.3 and 1.2. */
  static TlsHandshake handshake(
      String client,
      int clientPort,
      String server,
      int serverPort,
      Instant start,
      String sni,
      String version,
      String suite,
      Optional<CertificateChain> chain) {
    return new TlsHandshake(
        IpAddress.parse(client),
        clientPort,
        IpAddress.parse(server),
        serverPort,
        start,
        true,
        start.plusMillis(2),
        sni,
        List.of("TLS 1.3", "TLS 1.2"),
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
        List.of("h2", "http/1.1"),
        version.equals("TLS 1.2") ? "h2" : "",
        version,
        suite,
        "t13d0410h2_0f4ca1bd4fa8_e5627efa2ab1",
        chain);
  }

  static ApiServer start() {
    return ApiServer.start(CONFIG, () -> SNAPSHOT);
  }

  static HttpResponse<byte[]> get(ApiServer server, String pathAndQuery, String... headers) {
    return send(server, "GET", pathAndQuery, headers);
  }

  /** Sends a GET with the request target as given, byte for byte, and returns the raw answer. */
  static String raw(ApiServer server, String target) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(30_000);
      String request =
          "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpResponse<byte[]> send(
      ApiServer server, String method, String pathAndQuery, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.tcpmap.server.api;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;

import dev.tcpmap.core.aggregate.Snapshot;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
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
              false));

  static final Snapshot SNAPSHOT = new Snapshot(CONNECTIONS, Map.of("evicted", 2L), NOW);

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

  static final ApiConfig CONFIG =
      ApiConfig.from(TcpmapConfig.defaults())
          .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .withResolver(NAMES)
          .withClock(InstantSource.fixed(NOW));

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiFixtures() {}

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

package dev.tcpmap.deploy;

import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.FixtureAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * tcpmap's HTTP API, in process on a free loopback port: the real server, routes, wire formats and
 * metrics, serving {@link FixtureAgent}'s world (pods, Services, TLS handshakes with certificate
 * chains). One for all tests of this JVM.
 */
final class LiveAgent {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static ApiServer server;

  private LiveAgent() {}

  static synchronized int port() {
    if (server == null) {
      server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server.port();
  }

  private static ApiServer start() {
    return FixtureAgent.start();
  }

  /** GETs {@code pathAndQuery} (already encoded) from the agent. */
  static HttpResponse<String> get(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.tcpmap.bench;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP API serving a small fixed graph (12 connections among 6 addresses) on a free loopback
 * port, set up by {@code api.*} keys given as {@code key=value} arguments (e.g. {@code
 * api.token-file=/tmp/token}); prints {@code port N} and serves until killed. {@code
 * bench/api-access.sh} runs wrk against it in each access setup. Uses only the API's public entry
 * points and its settings, so that it runs unchanged against a build from before the access
 * settings (with no arguments).
 */
public final class ApiAccessBench {
  private ApiAccessBench() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = new HashMap<>(Map.of("api.port", "0"));
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    ApiSettings.Config settings =
        Configuration.load(List.of(ApiSettings.AREA), options, Map.of()).get(ApiSettings.AREA);
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    Snapshot snapshot =
        Snapshot.of(connections(now), Resolver.IP_ONLY, Map.of(), now, List.of(), List.of());
    ApiServer server =
        ApiServer.start(ApiConfig.from(settings, Duration.ofSeconds(10)), () -> snapshot);
    System.out.println("port " + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static List<Connection> connections(Instant now) {
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      connections.add(
          new Connection(
              IpAddress.parse("10.0.0." + (1 + i % 3)),
              40_000 + i,
              IpAddress.parse("10.0.1." + (1 + i % 3)),
              i % 2 == 0 ? 80 : 443,
              now.minusSeconds(60 - i),
              Duration.ofMillis(100L * (i + 1)),
              100L * i,
              1000L * i,
              i % 4 == 0 ? Outcome.RESET : Outcome.CLOSED,
              true,
              SocketDetails.NONE));
    }
    return connections;
  }
}

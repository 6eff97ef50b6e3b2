package dev.tcpmap.api;

import dev.tcpmap.api.metrics.EventMetrics;
import dev.tcpmap.api.metrics.MetricsSettings;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.testing.TestConnections;
import java.time.Duration;
import java.time.Instant;

/**
 * The API tests' fixture world (a shop's pods and Services, every outcome, TLS 1.2 and 1.3
 * handshakes with observed and probed chains) served by the real {@link ApiServer}, for the deploy
 * tests, which live in another module: the dashboards are checked against what it answers.
 */
public final class FixtureAgent {
  /** A window holding every fixture record. */
  public static final Instant FROM = TestConnections.T0.minus(Duration.ofHours(1));

  public static final Instant TO = ApiFixtures.NOW;

  private FixtureAgent() {}

  /**
   * The fixture API, with the metric families a live agent counts on its event path ({@link
   * EventMetrics}) fed the fixture's connections as the aggregator hands them on when they close.
   */
  public static ApiServer start() {
    ApiServer server = ApiFixtures.start();
    EventMetrics metrics =
        new EventMetrics(
            MetricsSettings.Config.DEFAULTS, ApiFixtures.TRAFFIC_NAMES, Duration.ofSeconds(10));
    metrics.register(server.registry());
    for (Connection c : ApiFixtures.CONNECTIONS) {
      metrics.closed(ConnectionRecord.named(c, ApiFixtures.TRAFFIC_NAMES));
    }
    return server;
  }
}

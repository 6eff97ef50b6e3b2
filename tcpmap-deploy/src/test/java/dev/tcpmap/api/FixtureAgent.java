package dev.tcpmap.api;

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

  public static ApiServer start() {
    return ApiFixtures.start();
  }
}

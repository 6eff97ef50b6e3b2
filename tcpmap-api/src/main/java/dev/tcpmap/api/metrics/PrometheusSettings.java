package dev.tcpmap.api.metrics;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import dev.tcpmap.core.model.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code query.*} keys: where {@code tcpmap query} reads the agents' workload series (a
 * Prometheus-compatible HTTP API: Prometheus, Mimir, Thanos Query, VictoriaMetrics), and how it
 * authenticates there, as the remote writer does to its receiver.
 */
public final class PrometheusSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Optional<URI>> URL =
      Setting.of("query.prometheus-url", "", MetricsSettings::httpUrl)
          .option(
              "--prometheus",
              "URL",
              "Prometheus-compatible API to draw the graph from, e.g. http://prometheus:9090")
          .in(KEYS);
  public static final Setting<Duration> TIMEOUT =
      Setting.of("query.prometheus-timeout", "10s", Parsers::positiveDuration).in(KEYS);

  /** How the query mode authenticates to the API. */
  public static final CredentialKeys CREDENTIALS =
      CredentialKeys.declare(KEYS, "query.prometheus-");

  /**
   * Where and how to ask.
   *
   * @param url the API's base, before {@code /api/v1/query}; empty when not configured
   * @param timeout longest one query may take (connect, answer)
   */
  public record Config(Optional<URI> url, Duration timeout, ClientCredentials credentials) {
    public Config {
      Checks.nonNull("url timeout credentials", url, timeout, credentials);
    }
  }

  public static final ConfigArea<Config> AREA = KEYS.area(PrometheusSettings::read);

  private PrometheusSettings() {}

  private static Config read(Values values) {
    return new Config(values.get(URL), values.get(TIMEOUT), CREDENTIALS.read(values));
  }
}

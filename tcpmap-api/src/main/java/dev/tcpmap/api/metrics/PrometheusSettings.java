package dev.tcpmap.api.metrics;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code query.*} keys: where {@code tcpmap query} reads the agents' workload series (a
 * Prometheus-compatible HTTP API: Prometheus, Mimir, Thanos Query, VictoriaMetrics), and how it
 * authenticates there, as the remote writer does to its receiver.
 */
public final class PrometheusSettings {
  public static final Setting<Optional<URI>> URL =
      Setting.of("query.prometheus-url", "", MetricsSettings::httpUrl)
          .option(
              "--prometheus",
              "URL",
              "Prometheus-compatible API to draw the graph from, e.g. http://prometheus:9090");
  public static final Setting<Duration> TIMEOUT =
      Setting.of("query.prometheus-timeout", "10s", Parsers::positiveDuration);
  public static final Setting<String> BEARER_TOKEN_FILE =
      Setting.of("query.prometheus-bearer-token-file", "", Parsers::text);
  public static final Setting<String> USERNAME =
      Setting.of("query.prometheus-username", "", Parsers::text);
  public static final Setting<String> PASSWORD_FILE =
      Setting.of("query.prometheus-password-file", "", Parsers::text);
  public static final Setting<String> CA_FILE =
      Setting.of("query.prometheus-ca-file", "", Parsers::text);

  /**
   * Where and how to ask.
   *
   * @param url the API's base, before {@code /api/v1/query}; empty when not configured
   * @param timeout longest one query may take (connect, answer)
   */
  public record Config(Optional<URI> url, Duration timeout, ClientCredentials credentials) {
    public Config {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  public static final ConfigArea<Config> AREA =
      ConfigArea.of(
          List.of(URL, TIMEOUT, BEARER_TOKEN_FILE, USERNAME, PASSWORD_FILE, CA_FILE),
          PrometheusSettings::read);

  private PrometheusSettings() {}

  private static Config read(Values values) {
    return new Config(
        values.get(URL),
        values.get(TIMEOUT),
        MetricsSettings.credentials(values, BEARER_TOKEN_FILE, USERNAME, PASSWORD_FILE, CA_FILE));
  }
}

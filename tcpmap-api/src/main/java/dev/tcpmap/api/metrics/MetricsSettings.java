package dev.tcpmap.api.metrics;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.api.metrics.remote.RemoteWriteConfig;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code metrics.*} keys: which of k8spacket's families the agent serves (its switches, under
 * its environment variables) and how many series each family may hold.
 */
public final class MetricsSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Boolean> TCP_ENABLED =
      Setting.of("metrics.tcp-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TCP_METRICS_ENABLED")
          .in(KEYS);
  public static final Setting<Boolean> TCP_HIDE_SRC_PORT =
      Setting.of("metrics.tcp-hide-src-port", "true", Parsers::bool)
          .alias("K8S_PACKET_TCP_METRICS_HIDE_SRC_PORT")
          .in(KEYS);
  public static final Setting<Boolean> TLS_RECORDS_ENABLED =
      Setting.of("metrics.tls-records-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TLS_RECORDS_METRICS_ENABLED")
          .in(KEYS);
  public static final Setting<Boolean> TLS_EXPIRATION_ENABLED =
      Setting.of("metrics.tls-expiration-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TLS_EXPIRATION_METRICS_ENABLED")
          .in(KEYS);
  public static final Setting<Integer> MAX_SERIES =
      Setting.of("metrics.max-series", "10000", s -> Parsers.between(s, 1, 1_000_000)).in(KEYS);
  public static final Setting<Optional<URI>> REMOTE_WRITE_URL =
      Setting.of("metrics.remote-write-url", "", MetricsSettings::httpUrl).in(KEYS);
  public static final Setting<Duration> REMOTE_WRITE_EVERY =
      Setting.of(
              "metrics.remote-write-every",
              "15s",
              s -> Parsers.durationAtLeast(s, Duration.ofSeconds(1)))
          .in(KEYS);
  public static final Setting<Duration> REMOTE_WRITE_TIMEOUT =
      Setting.of("metrics.remote-write-timeout", "10s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Integer> REMOTE_WRITE_MAX_QUEUED =
      Setting.of(
              "metrics.remote-write-max-queued-samples",
              "200000",
              s -> Parsers.between(s, 1_000, 100_000_000))
          .in(KEYS);

  /** How remote write authenticates to its receiver. */
  public static final CredentialKeys REMOTE_WRITE_CREDENTIALS =
      CredentialKeys.declare(KEYS, "metrics.remote-write-");

  public static final Setting<Map<String, String>> EXTERNAL_LABELS =
      Setting.of("metrics.external-labels", "", MetricsSettings::labels).in(KEYS);

  /**
   * What the agent's event-stream families serve.
   *
   * @param tcp k8spacket's {@code k8s_packet_bytes_*} and {@code k8s_packet_duration_seconds}
   * @param hideSourcePort their {@code src_port} is {@code dynamic}
   * @param tlsRecords {@code k8s_packet_tls_record}
   * @param tlsExpiration {@code k8s_packet_tls_cert_expiry} and its {@code _count}
   * @param maxSeries most series per family; beyond, observations fold into {@code other}
   */
  public record Config(
      boolean tcp,
      boolean hideSourcePort,
      boolean tlsRecords,
      boolean tlsExpiration,
      int maxSeries) {
    public Config {
      if (maxSeries < 1) {
        throw new IllegalArgumentException("maxSeries must be positive: " + maxSeries);
      }
    }

    /** Every family on, k8spacket's source ports hidden, 10,000 series per family. */
    public static final Config DEFAULTS = new Config(true, true, true, true, 10_000);
  }

  /** The families, and remote write when a URL is set. */
  public record Settings(Config families, Optional<RemoteWriteConfig> remoteWrite) {}

  public static final ConfigArea<Settings> AREA = KEYS.area(MetricsSettings::read);

  private MetricsSettings() {}

  private static Settings read(Values values) {
    Config families =
        new Config(
            values.get(TCP_ENABLED),
            values.get(TCP_HIDE_SRC_PORT),
            values.get(TLS_RECORDS_ENABLED),
            values.get(TLS_EXPIRATION_ENABLED),
            values.get(MAX_SERIES));
    return new Settings(
        families, values.get(REMOTE_WRITE_URL).map(url -> remoteWrite(url, values)));
  }

  private static RemoteWriteConfig remoteWrite(URI url, Values values) {
    ClientCredentials credentials = REMOTE_WRITE_CREDENTIALS.read(values);
    return new RemoteWriteConfig(
        url,
        values.get(REMOTE_WRITE_EVERY),
        values.get(REMOTE_WRITE_TIMEOUT),
        values.get(REMOTE_WRITE_MAX_QUEUED),
        values.get(EXTERNAL_LABELS),
        credentials.bearerTokenFile(),
        credentials.basicAuth(),
        credentials.caFile());
  }

  /** Empty for none, else an absolute http or https URL. */
  static Optional<URI> httpUrl(String s) {
    String text = s.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http or https URL with a host: " + text);
    }
    return Optional.of(uri);
  }

  /** {@code name=value,name=value}: Prometheus label names, values without commas. */
  private static Map<String, String> labels(String s) {
    Map<String, String> out = new TreeMap<>();
    if (s.isBlank()) {
      return out;
    }
    for (String pair : s.split(",", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*") || name.startsWith("__")) {
        throw new IllegalArgumentException(
            "expected name=value pairs separated by commas, with Prometheus label names: '"
                + pair
                + "'");
      }
      if (out.put(name, pair.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("label " + name + " given twice");
      }
    }
    return out;
  }
}

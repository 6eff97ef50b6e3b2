package dev.tcpmap.api.metrics;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.util.List;

/**
 * The {@code metrics.*} keys: which of k8spacket's families the agent serves (its switches, under
 * its environment variables) and how many series each family may hold.
 */
public final class MetricsSettings {
  public static final Setting<Boolean> TCP_ENABLED =
      Setting.of("metrics.tcp-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TCP_METRICS_ENABLED");
  public static final Setting<Boolean> TCP_HIDE_SRC_PORT =
      Setting.of("metrics.tcp-hide-src-port", "true", Parsers::bool)
          .alias("K8S_PACKET_TCP_METRICS_HIDE_SRC_PORT");
  public static final Setting<Boolean> TLS_RECORDS_ENABLED =
      Setting.of("metrics.tls-records-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TLS_RECORDS_METRICS_ENABLED");
  public static final Setting<Boolean> TLS_EXPIRATION_ENABLED =
      Setting.of("metrics.tls-expiration-enabled", "true", Parsers::bool)
          .alias("K8S_PACKET_TLS_EXPIRATION_METRICS_ENABLED");
  public static final Setting<Integer> MAX_SERIES =
      Setting.of("metrics.max-series", "10000", s -> Parsers.between(s, 1, 1_000_000));

  /**
   * What the agent's event-stream families serve.
   *
   * @param tcp k8spacket's {@code k8s_packet_bytes_*} and {@code k8s_packet_duration_seconds}
   * @param hideSourcePort their {@code src_port} is {@code dynamic}
   * @param tlsRecords {@code k8s_packet_tls_record}
   * @param tlsExpiration {@code k8s_packet_tls_cert_expiry} and its {@code _count}
   * @param maxSeries most label sets per family; beyond, series fold into {@code other}
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

  public static final ConfigArea<Config> AREA =
      ConfigArea.of(
          List.of(
              TCP_ENABLED,
              TCP_HIDE_SRC_PORT,
              TLS_RECORDS_ENABLED,
              TLS_EXPIRATION_ENABLED,
              MAX_SERIES),
          MetricsSettings::read);

  private MetricsSettings() {}

  private static Config read(Values values) {
    return new Config(
        values.get(TCP_ENABLED),
        values.get(TCP_HIDE_SRC_PORT),
        values.get(TLS_RECORDS_ENABLED),
        values.get(TLS_EXPIRATION_ENABLED),
        values.get(MAX_SERIES));
  }
}

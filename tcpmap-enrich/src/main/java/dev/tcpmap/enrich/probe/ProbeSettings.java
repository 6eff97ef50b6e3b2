package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code tls.*} keys of the agent's certificate probes. */
public final class ProbeSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Boolean> PROBE_CERTIFICATES =
      Setting.of("tls.probe-certificates", "true", Parsers::bool).in(KEYS);
  public static final Setting<Duration> CERTIFICATE_CACHE_TTL =
      Setting.of("tls.certificate-cache-ttl", "24h", Parsers::positiveDuration)
          .alias("K8S_PACKET_TLS_CERTIFICATE_CACHE_TTL")
          .in(KEYS);
  public static final Setting<Duration> PROBE_TIMEOUT =
      Setting.of("tls.probe-timeout", "3s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Integer> MAX_PROBED_SERVERS =
      Setting.of("tls.max-probed-servers", "10000", s -> Parsers.atLeast(s, 1)).in(KEYS);

  /** The probes' configuration, each key as its setting says. */
  public record Config(boolean enabled, Duration cacheTtl, Duration timeout, int maxServers) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(ProbeSettings::read);

  private ProbeSettings() {}

  private static Config read(Values values) {
    return new Config(
        values.get(PROBE_CERTIFICATES),
        values.get(CERTIFICATE_CACHE_TTL),
        values.get(PROBE_TIMEOUT),
        values.get(MAX_PROBED_SERVERS));
  }
}

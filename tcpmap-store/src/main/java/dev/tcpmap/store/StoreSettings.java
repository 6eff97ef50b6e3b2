package dev.tcpmap.store;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code store.*} keys of the agent's history. */
public final class StoreSettings {
  /** {@code store.data-dir} for a history in memory only. */
  public static final String NONE = "none";

  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<String> DATA_DIR =
      Setting.of("store.data-dir", "", Parsers::text)
          .option(
              "--data-dir",
              "DIR",
              "directory of the history database (the user's state directory; none: in memory"
                  + " only)")
          .in(KEYS);
  public static final Setting<Duration> BUCKET_WIDTH =
      Setting.of("store.bucket-width", "10s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Duration> COARSE_WIDTH =
      Setting.of("store.coarse-width", "1m", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Duration> DOWNSAMPLE_AFTER =
      Setting.of("store.downsample-after", "24h", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Duration> RETENTION =
      Setting.of("store.retention", "168h", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Integer> MAX_TLS_HANDSHAKES =
      Setting.of("store.max-tls-handshakes", "1000000", s -> Parsers.atLeast(s, 1)).in(KEYS);

  /**
   * The history's configuration.
   *
   * @param buckets the widths and ages of its buckets
   * @param dataDir {@code store.data-dir} as given: empty for the user's state directory, {@link
   *     #NONE} for memory only
   * @param maxTlsHandshakes most TLS handshakes kept
   */
  public record Config(StoreConfig buckets, String dataDir, int maxTlsHandshakes) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(StoreSettings::read);

  private StoreSettings() {}

  private static Config read(Values values) {
    StoreConfig buckets;
    try {
      buckets =
          new StoreConfig(
              values.get(BUCKET_WIDTH),
              values.get(COARSE_WIDTH),
              values.get(DOWNSAMPLE_AFTER),
              values.get(RETENTION));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          String.join(
                  ", ",
                  BUCKET_WIDTH.key(),
                  COARSE_WIDTH.key(),
                  DOWNSAMPLE_AFTER.key(),
                  RETENTION.key())
              + ": "
              + e.getMessage());
    }
    return new Config(buckets, values.get(DATA_DIR), values.get(MAX_TLS_HANDSHAKES));
  }
}

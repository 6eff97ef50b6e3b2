package dev.tcpmap.aggregate;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The aggregator's keys: what counts as persistent, and how much it keeps in memory. */
public final class AggregateSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Duration> PERSISTENT_DURATION =
      Setting.of("tcp.persistent-duration", "10s", Parsers::nonNegativeDuration)
          .alias("K8S_PACKET_TCP_PERSISTENT_DURATION")
          .option("--persistent-duration", "DURATION", "lasting this long is persistent")
          .in(KEYS);
  public static final Setting<Integer> ANALYZE_MAX_CONNECTIONS =
      Setting.of("analyze.max-connections", "1000000", s -> Parsers.atLeast(s, 1))
          .option("--max-connections", "N", "records kept for --json/--serve")
          .in(KEYS);
  public static final Setting<Integer> AGENT_MAX_CONNECTIONS =
      Setting.of("agent.max-connections", "250000", s -> Parsers.atLeast(s, 1))
          .option("--max-connections", "N", "closed connection records kept")
          .in(KEYS);
  public static final Setting<Integer> AGENT_MAX_HANDSHAKES =
      Setting.of("agent.max-handshakes", "50000", s -> Parsers.atLeast(s, 1)).in(KEYS);

  /**
   * The aggregator's configuration.
   *
   * @param persistent a connection lasting at least this long is persistent
   * @param agent what the live agent keeps in memory
   * @param analyze what a capture file's analysis keeps in memory
   */
  public record Config(Duration persistent, Limits agent, Limits analyze) {}

  /**
   * How much the aggregator keeps.
   *
   * @param connections most closed records, and most open connections
   * @param handshakes most TLS handshakes, and apart most DNS answers
   */
  public record Limits(int connections, int handshakes) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(AggregateSettings::read);

  private AggregateSettings() {}

  private static Config read(Values values) {
    int analyze = values.get(ANALYZE_MAX_CONNECTIONS);
    return new Config(
        values.get(PERSISTENT_DURATION),
        new Limits(values.get(AGENT_MAX_CONNECTIONS), values.get(AGENT_MAX_HANDSHAKES)),
        new Limits(analyze, analyze));
  }
}

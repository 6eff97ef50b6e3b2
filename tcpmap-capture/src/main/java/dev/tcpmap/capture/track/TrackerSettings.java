package dev.tcpmap.capture.track;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code tcp.*} keys of the TCP tracker (connections counted from packets). */
public final class TrackerSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.of("tcp.idle-timeout", "5m", Parsers::positiveDuration)
          .option("--idle-timeout", "DURATION", "silent this long ends as unknown")
          .in(KEYS);
  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.of("tcp.connect-timeout", "20s", Parsers::positiveDuration)
          .option("--connect-timeout", "DURATION", "a SYN unanswered this long is timeout")
          .in(KEYS);
  public static final Setting<Integer> MAX_TRACKED =
      Setting.of(
              "tcp.max-tracked",
              "262144",
              s -> Parsers.between(s, 16, TrackerConfig.MAX_TRACKED_LIMIT))
          .option("--max-tracked", "N", "connections tracked at once")
          .in(KEYS);

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<TrackerConfig> AREA = KEYS.area(TrackerSettings::read);

  private TrackerSettings() {}

  private static TrackerConfig read(Values values) {
    return new TrackerConfig(
        values.get(IDLE_TIMEOUT), values.get(CONNECT_TIMEOUT), values.get(MAX_TRACKED));
  }
}

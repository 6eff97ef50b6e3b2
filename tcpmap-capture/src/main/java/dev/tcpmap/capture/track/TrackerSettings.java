package dev.tcpmap.capture.track;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;
import java.util.List;

/** The {@code tcp.*} keys of the TCP tracker (connections counted from packets). */
public final class TrackerSettings {
  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.of("tcp.idle-timeout", "5m", Parsers::positiveDuration)
          .option("--idle-timeout", "DURATION", "silent this long ends as unknown");
  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.of("tcp.connect-timeout", "20s", Parsers::positiveDuration)
          .option("--connect-timeout", "DURATION", "a SYN unanswered this long is timeout");
  public static final Setting<Integer> MAX_TRACKED =
      Setting.of(
              "tcp.max-tracked",
              "262144",
              s -> Parsers.between(s, 16, TrackerConfig.MAX_TRACKED_LIMIT))
          .option("--max-tracked", "N", "connections tracked at once");

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<TrackerConfig> AREA =
      ConfigArea.of(List.of(IDLE_TIMEOUT, CONNECT_TIMEOUT, MAX_TRACKED), TrackerSettings::read);

  private TrackerSettings() {}

  private static TrackerConfig read(Values values) {
    return new TrackerConfig(
        values.get(IDLE_TIMEOUT), values.get(CONNECT_TIMEOUT), values.get(MAX_TRACKED));
  }
}

package dev.tcpmap.api;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;
import java.util.List;

/** The {@code api.*} keys of the HTTP API. */
public final class ApiSettings {
  public static final Setting<Integer> PORT =
      Setting.of("api.port", "6676", Parsers::port)
          .alias("K8S_PACKET_TCP_LISTENER_PORT")
          .option("--port", "PORT", "port of the HTTP API");
  public static final Setting<String> BIND =
      Setting.of("api.bind", "127.0.0.1", Parsers::nonEmpty)
          .option("--bind", "ADDRESS", "address of the HTTP API");
  public static final Setting<Duration> DEFAULT_WINDOW =
      Setting.of("api.default-window", "0s", Parsers::nonNegativeDuration);

  /** The API's configuration, each key as its setting says. */
  public record Config(int port, String bind, Duration defaultWindow) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA =
      ConfigArea.of(List.of(PORT, BIND, DEFAULT_WINDOW), ApiSettings::read);

  private ApiSettings() {}

  private static Config read(Values values) {
    return new Config(values.get(PORT), values.get(BIND), values.get(DEFAULT_WINDOW));
  }
}

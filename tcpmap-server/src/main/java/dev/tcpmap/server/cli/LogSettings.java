package dev.tcpmap.server.cli;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.util.Locale;
import java.util.logging.Level;

/** The {@code log.*} keys: how much tcpmap's components log, and in which format. */
final class LogSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  static final Setting<Level> LEVEL =
      Setting.of("log.level", "info", LogSettings::level).alias("LOG_LEVEL").in(KEYS);
  static final Setting<Boolean> JSON = Setting.of("log.format", "text", LogSettings::json).in(KEYS);

  /**
   * @param level the least severe message of a component that is logged
   * @param json one JSON object a line instead of text
   */
  record Config(Level level, boolean json) {}

  /** The area: these keys, and the configuration made of them. */
  static final ConfigArea<Config> AREA = KEYS.area(LogSettings::read);

  private LogSettings() {}

  private static Config read(Values values) {
    return new Config(values.get(LEVEL), values.get(JSON));
  }

  /** slog's level names (k8spacket's {@code LOG_LEVEL}), any case, and {@code trace}. */
  private static Level level(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.FINER;
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn", "warning" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default ->
          throw new IllegalArgumentException(
              "not a log level: '" + text + "' (trace, debug, info, warn or error)");
    };
  }

  private static boolean json(String text) {
    return switch (text) {
      case "text" -> false;
      case "json" -> true;
      default ->
          throw new IllegalArgumentException("not a log format: '" + text + "' (text or json)");
    };
  }
}

package dev.tcpmap.server.cli;

import dev.tcpmap.core.config.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that serves the HTTP API (analyze, agent, demo), as a picocli mixin;
 * each names its configuration key, which {@link #into} fills.
 */
final class ServeOptions {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "api.port: port of the HTTP API (6676).")
  private String port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "api.bind: address of the HTTP API (127.0.0.1).")
  private String bind;

  @Option(
      names = "--persistent-duration",
      paramLabel = "DURATION",
      description = "tcp.persistent-duration: lasting this long is persistent (10s).")
  private String persistentDuration;

  /** A new map of configuration key to value for the options given, to which a command adds. */
  Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    put(options, Settings.API_PORT.key(), port);
    put(options, Settings.API_BIND.key(), bind);
    put(options, Settings.PERSISTENT_DURATION.key(), persistentDuration);
    return options;
  }

  /** Adds {@code key} when its option was given. */
  static void put(Map<String, String> options, String key, String value) {
    if (value != null) {
      options.put(key, value);
    }
  }
}

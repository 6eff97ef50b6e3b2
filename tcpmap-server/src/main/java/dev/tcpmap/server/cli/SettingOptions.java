package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.core.config.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line options made from settings: each setting that has an option is offered by the
 * commands that list it, with its key and default in the help, so that neither is written twice.
 */
final class SettingOptions {
  /** What every command that serves the API offers: where, and what counts as persistent. */
  static final List<Setting<?>> SERVING =
      List.of(ApiSettings.PORT, ApiSettings.BIND, AggregateSettings.PERSISTENT_DURATION);

  private SettingOptions() {}

  /** {@link #SERVING} and {@code more}. */
  static List<Setting<?>> serving(Setting<?>... more) {
    return Stream.concat(SERVING.stream(), Stream.of(more)).toList();
  }

  /** Adds an option to {@code spec} for each of {@code settings}. */
  static void add(CommandSpec spec, List<Setting<?>> settings) {
    for (Setting<?> setting : settings) {
      Setting.Option option =
          setting
              .option()
              .orElseThrow(() -> new IllegalArgumentException("no option: " + setting.key()));
      spec.addOption(
          OptionSpec.builder(option.name())
              .paramLabel(option.label())
              .type(String.class)
              .description(help(setting, option))
              .build());
    }
  }

  /** {@code key: help (default).}, as {@code --help} shows it. */
  static String help(Setting<?> setting, Setting.Option option) {
    String help = setting.key() + ": " + option.help();
    return setting.defaultValue().isEmpty()
        ? help + "."
        : help + " (" + setting.defaultValue() + ").";
  }

  /** The values of the options given on the command line, by their settings' keys. */
  static Map<String, String> values(CommandSpec spec, List<Setting<?>> settings) {
    Map<String, String> values = new HashMap<>();
    for (Setting<?> setting : settings) {
      OptionSpec option = spec.findOption(setting.option().orElseThrow().name());
      String value = option.getValue();
      if (value != null) {
        values.put(setting.key(), value);
      }
    }
    return values;
  }
}

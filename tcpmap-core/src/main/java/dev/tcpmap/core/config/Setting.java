package dev.tcpmap.core.config;

import dev.tcpmap.core.model.Checks;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key: its name, default, how it is read, and the names it also goes by (a
 * k8spacket environment variable, a command-line option). Written once, in the area that owns it;
 * the environment variables and the command-line options are made from it, and
 * docs/configuration.md (where its meaning is written, once) is checked against it.
 *
 * @param key the dotted name used in documentation and error messages, e.g. {@code api.port}
 * @param defaultValue the default as text, parsed like any other value
 * @param k8spacketAlias the k8spacket environment variable accepted for it, or empty
 * @param parser turns text into the value; throws IllegalArgumentException with a reason
 * @param option the command-line option that sets it, or empty
 */
public record Setting<T>(
    String key,
    String defaultValue,
    Optional<String> k8spacketAlias,
    Function<String, T> parser,
    Optional<Option> option) {

  /**
   * A command-line option for a setting.
   *
   * @param name e.g. {@code --port}
   * @param label the value's placeholder in the help, e.g. {@code PORT}
   * @param help a short phrase for {@code --help}; the key and the default are added to it
   */
  public record Option(String name, String label, String help) {
    public Option {
      Checks.nonNull("name label help", name, label, help);
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("an option starts with --: " + name);
      }
    }
  }

  public Setting {
    Checks.nonNull("key defaultValue parser", key, defaultValue, parser);
    Checks.nonNull("k8spacketAlias option", k8spacketAlias, option);
  }

  /** A key with its default and parser; no alias, no option. */
  public static <T> Setting<T> of(String key, String defaultValue, Function<String, T> parser) {
    return new Setting<>(key, defaultValue, Optional.empty(), parser, Optional.empty());
  }

  /** This setting, also read from k8spacket's environment variable {@code variable}. */
  public Setting<T> alias(String variable) {
    return new Setting<>(key, defaultValue, Optional.of(variable), parser, option);
  }

  /** This setting, also set by the command-line option {@code name}. */
  public Setting<T> option(String name, String label, String help) {
    return new Setting<>(
        key, defaultValue, k8spacketAlias, parser, Optional.of(new Option(name, label, help)));
  }

  /** This setting, added to the keys of the area that declares it (see {@link ConfigArea.Keys}). */
  public Setting<T> in(ConfigArea.Keys keys) {
    keys.add(this);
    return this;
  }

  /** The environment variable that sets it: {@code TCPMAP_} and the key in upper snake case. */
  public String environmentName() {
    return "TCPMAP_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Parses {@code text}, naming the key and where the value came from when it is invalid. */
  public T parse(String text, String origin) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException(key + " (from " + origin + "): " + e.getMessage());
    }
  }
}

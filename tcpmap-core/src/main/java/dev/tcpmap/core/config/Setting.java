package dev.tcpmap.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key: its name, default, meaning, and how it is read.
 *
 * @param key the dotted name used in documentation and error messages, e.g. {@code api.port}
 * @param defaultValue the default as text, parsed like any other value
 * @param k8spacketAlias the k8spacket environment variable accepted for it, or empty
 * @param parser turns text into the value; throws IllegalArgumentException with a reason
 */
public record Setting<T>(
    String key,
    String defaultValue,
    String meaning,
    Optional<String> k8spacketAlias,
    Function<String, T> parser) {

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(k8spacketAlias, "k8spacketAlias");
    Objects.requireNonNull(parser, "parser");
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

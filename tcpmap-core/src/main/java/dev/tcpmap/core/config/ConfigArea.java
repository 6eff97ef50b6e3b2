package dev.tcpmap.core.config;

import java.util.List;
import java.util.function.Function;

/**
 * The keys one part of tcpmap owns (the tracer's, the store's, the API's…) and the configuration it
 * makes of them. Each module declares its area beside the code that uses it; the executable
 * composes the areas into one {@link Configuration}, from which the docs, the environment variables
 * and the command-line options are made.
 *
 * @param <T> the area's own configuration, an immutable record
 */
public interface ConfigArea<T> {

  /** Every key of the area, in the order the docs list them. */
  List<Setting<?>> settings();

  /**
   * The area's configuration from the resolved values of its keys. Rules that tie several keys
   * together are checked here, and a violation is a {@link ConfigException} naming the keys.
   */
  T read(Values values);

  /** The area of {@code settings}, whose configuration {@code read} makes of their values. */
  static <T> ConfigArea<T> of(List<Setting<?>> settings, Function<Values, T> read) {
    List<Setting<?>> keys = List.copyOf(settings);
    return new ConfigArea<>() {
      @Override
      public List<Setting<?>> settings() {
        return keys;
      }

      @Override
      public T read(Values values) {
        return read.apply(values);
      }
    };
  }
}
